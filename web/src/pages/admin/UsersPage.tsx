// /admin/users — the accounts within the administrator's reach: search, create with grants,
// disable and enable, lift a login lock-out.
import { PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Form,
  type FormInstance,
  Input,
  Modal,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tag,
} from 'antd';
import { useMemo, useState } from 'react';
import { ROLE_LABELS, ROLES, type Role } from '../../../../src/domain/identity/roles.ts';
import type { Account as AccountView } from '../../../../src/domain/identity/schemas.ts';
import { api } from '../../api.ts';
import { JurisdictionPicker } from '../../components/JurisdictionPicker.tsx';
import { showServerErrors } from '../../forms.ts';
import { usePrefs } from '../../prefs.tsx';
import { useLoad } from '../institutions/shared.ts';

type Account = AccountView;
type Grant = Account['grants'][number];

/** What a role's grant is anchored to (identity/scope.ts): a place, an organisation or an elder. */
const ORGANISATION_ROLES: readonly Role[] = ['institution_staff', 'provider_staff', 'caregiver'];
const ELDER_ROLES: readonly Role[] = ['elder_family'];
const anchorOf = (role: Role) =>
  ELDER_ROLES.includes(role) ? 'elder' : ORGANISATION_ROLES.includes(role) ? 'organisation' : 'place';

type Tx = ReturnType<typeof usePrefs>['tx'];

/** A grant's place by name: the jurisdiction, the organisation, or the elder's community. */
function placeOf(g: Grant, tx: Tx): string {
  if (g.organisationId)
    return g.organisationName ?? tx({ zh: `机构 ${g.organisationId}`, en: `org ${g.organisationId}` });
  if (g.elderId) return `${tx({ zh: '老人', en: 'elder' })} ${g.elderId}${g.placeName ? `（${g.placeName}）` : ''}`;
  return g.placeName ?? g.jurisdictionCode ?? '';
}

interface GrantValues {
  role: Role;
  jurisdictionCode?: string;
  organisationId?: number;
  elderId?: string;
}

/** The grant a form holds: its role and exactly the one anchor the role needs. */
function grantOf(v: GrantValues) {
  const anchor = anchorOf(v.role);
  return {
    role: v.role,
    ...(anchor === 'place' ? { jurisdictionCode: v.jurisdictionCode } : {}),
    ...(anchor === 'organisation' ? { organisationId: v.organisationId } : {}),
    ...(anchor === 'elder' ? { elderId: Number(v.elderId) } : {}),
  };
}

/** Role and anchor fields of a grant, inside a Form. */
function GrantFields({ form }: { form: FormInstance }) {
  const { tx, lang } = usePrefs();
  const role: Role | undefined = Form.useWatch('role', form);
  const anchor = role ? anchorOf(role) : 'place';
  const orgs = useLoad<{ items: { id: number; name: string }[] }>(anchor === 'organisation' ? '/institutions' : null, {
    pageSize: 500,
  });
  return (
    <>
      <Form.Item name="role" label={tx({ zh: '角色', en: 'Role' })} rules={[{ required: true }]}>
        <Select
          options={ROLES.map((r) => ({ value: r, label: lang === 'en' ? ROLE_LABELS[r].en : ROLE_LABELS[r].zh }))}
        />
      </Form.Item>
      {anchor === 'place' && (
        <Form.Item
          name="jurisdictionCode"
          label={tx({ zh: '管辖范围', en: 'Jurisdiction' })}
          rules={[{ required: true }]}
        >
          <JurisdictionPicker />
        </Form.Item>
      )}
      {anchor === 'organisation' && (
        <Form.Item
          name="organisationId"
          label={tx({ zh: '所属机构', en: 'Organisation' })}
          rules={[{ required: true }]}
        >
          <Select
            showSearch
            optionFilterProp="label"
            options={(orgs.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))}
          />
        </Form.Item>
      )}
      {anchor === 'elder' && (
        <Form.Item name="elderId" label={tx({ zh: '老人编号', en: 'Elder id' })} rules={[{ required: true }]}>
          <Input inputMode="numeric" maxLength={16} />
        </Form.Item>
      )}
    </>
  );
}

const GRANT_FIELD_ALIASES = {
  'grants.0.jurisdictionCode': 'jurisdictionCode',
  'grants.0.organisationId': 'organisationId',
  'grants.0.elderId': 'elderId',
};

function CreateAccount({ onClose, onCreated }: { onClose: () => void; onCreated: () => void }) {
  const { tx } = usePrefs();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const submit = async () => {
    // The form shows what is missing; nothing to send.
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    try {
      await api('/users', {
        method: 'POST',
        body: { username: v.username, displayName: v.displayName, password: v.password, grants: [grantOf(v)] },
      });
      message.success(tx({ zh: '账号已创建', en: 'Account created' }));
      onCreated();
    } catch (err) {
      showServerErrors(form, err, message, GRANT_FIELD_ALIASES);
    }
  };
  return (
    <Modal open title={tx({ zh: '新建账号', en: 'New account' })} onCancel={onClose} onOk={submit} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ role: 'community_worker' }}>
        <Form.Item
          name="username"
          label={tx({ zh: '用户名', en: 'Username' })}
          rules={[{ required: true, pattern: /^[a-z0-9][a-z0-9._-]{1,63}$/ }]}
          extra={tx({ zh: '小写字母、数字、点、横线', en: 'Lower-case letters, digits, dot, dash' })}
        >
          <Input maxLength={64} autoComplete="off" />
        </Form.Item>
        <Form.Item name="displayName" label={tx({ zh: '姓名', en: 'Name' })} rules={[{ required: true }]}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item
          name="password"
          label={tx({ zh: '初始密码', en: 'Initial password' })}
          rules={[{ required: true, min: 10 }]}
        >
          <Input.Password maxLength={200} autoComplete="new-password" />
        </Form.Item>
        <GrantFields form={form} />
      </Form>
    </Modal>
  );
}

/** 变更授权: the account's grants are replaced by the one set here. */
function ChangeGrant({ account, onClose, onDone }: { account: Account; onClose: () => void; onDone: () => void }) {
  const { tx } = usePrefs();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const first = account.grants[0];
  const submit = async () => {
    // The form shows what is missing; nothing to send.
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    try {
      await api(`/users/${account.id}/grants`, { method: 'PUT', body: { grants: [grantOf(v)] } });
      message.success(tx({ zh: '授权已变更，立即生效', en: 'Grants changed; in force now' }));
      onDone();
    } catch (err) {
      showServerErrors(form, err, message, GRANT_FIELD_ALIASES);
    }
  };
  return (
    <Modal
      open
      title={tx({ zh: `变更授权：${account.username}`, en: `Change grants: ${account.username}` })}
      onCancel={onClose}
      onOk={submit}
      destroyOnHidden
    >
      {account.grants.length > 1 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          message={tx({
            zh: `该账号现有 ${account.grants.length} 项授权，保存后只保留此处设置的一项`,
            en: `The account holds ${account.grants.length} grants; saving keeps only the one set here`,
          })}
        />
      )}
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          role: first?.role ?? 'community_worker',
          jurisdictionCode: first?.jurisdictionCode ?? undefined,
          organisationId: first?.organisationId ?? undefined,
          elderId: first?.elderId ? String(first.elderId) : undefined,
        }}
      >
        <GrantFields form={form} />
      </Form>
    </Modal>
  );
}

/** 重置密码: a new password the administrator hands over; the account's sessions end. */
function ResetPassword({ account, onClose, onDone }: { account: Account; onClose: () => void; onDone: () => void }) {
  const { tx } = usePrefs();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const submit = async () => {
    // The form shows what is missing; nothing to send.
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    try {
      await api(`/users/${account.id}/password`, { method: 'POST', body: { password: v.password } });
      message.success(tx({ zh: '密码已重置，该账号须重新登录', en: 'Password reset; the account must log in again' }));
      onDone();
    } catch (err) {
      showServerErrors(form, err, message);
    }
  };
  return (
    <Modal
      open
      title={tx({ zh: `重置密码：${account.username}`, en: `Reset password: ${account.username}` })}
      onCancel={onClose}
      onOk={submit}
      destroyOnHidden
    >
      <Form form={form} layout="vertical">
        <Form.Item
          name="password"
          label={tx({ zh: '新密码', en: 'New password' })}
          rules={[{ required: true, min: 10 }]}
          extra={tx({ zh: '至少 10 位，含字母和数字', en: 'At least 10 characters, letters and digits' })}
        >
          <Input.Password maxLength={200} autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function UsersPage() {
  const { tx, lang } = usePrefs();
  const { message, modal } = App.useApp();
  const users = useLoad<Account[]>('/users');
  const [search, setSearch] = useState('');
  const [role, setRole] = useState<Role | undefined>();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<{ account: Account; what: 'grants' | 'password' } | null>(null);

  const rows = useMemo(() => {
    const q = search.trim().toLowerCase();
    return (users.data ?? []).filter(
      (u) =>
        (!q || u.username.includes(q) || u.displayName.toLowerCase().includes(q)) &&
        (!role || u.grants.some((g) => g.role === role)),
    );
  }, [users.data, search, role]);

  const act = async (path: string, body: unknown, done: string) => {
    try {
      await api(path, { method: 'POST', body });
      message.success(done);
      users.reload();
    } catch (err) {
      message.error(err instanceof Error ? err.message : String(err));
    }
  };

  const columns: TableColumnsType<Account> = [
    { title: tx({ zh: '用户名', en: 'Username' }), dataIndex: 'username' },
    { title: tx({ zh: '姓名', en: 'Name' }), dataIndex: 'displayName' },
    {
      title: tx({ zh: '角色与范围', en: 'Roles and reach' }),
      render: (_, u) => (
        <Space size={[4, 4]} wrap>
          {u.grants.map((g) => (
            <Tag key={`${g.role}-${g.jurisdictionCode ?? g.organisationId ?? g.elderId}`}>
              {lang === 'en' ? ROLE_LABELS[g.role].en : ROLE_LABELS[g.role].zh}
              {' · '}
              {placeOf(g, tx)}
            </Tag>
          ))}
        </Space>
      ),
    },
    {
      title: tx({ zh: '状态', en: 'Status' }),
      render: (_, u) => (
        <Space size={4}>
          {u.disabled ? (
            <Tag color="default">{tx({ zh: '已停用', en: 'Disabled' })}</Tag>
          ) : (
            <Tag color="green">{tx({ zh: '正常', en: 'Active' })}</Tag>
          )}
          {u.locked && <Tag color="orange">{tx({ zh: '登录已锁定', en: 'Locked out' })}</Tag>}
          {u.isDemo && <Tag>{tx({ zh: '演示', en: 'Demo' })}</Tag>}
        </Space>
      ),
    },
    {
      title: tx({ zh: '操作', en: 'Actions' }),
      render: (_, u) => (
        <Space>
          <Button
            size="small"
            danger={!u.disabled}
            onClick={() =>
              modal.confirm({
                title: u.disabled
                  ? tx({ zh: `启用账号 ${u.username}？`, en: `Enable ${u.username}?` })
                  : tx({
                      zh: `停用账号 ${u.username}？其会话将立即失效。`,
                      en: `Disable ${u.username}? Their sessions end now.`,
                    }),
                onOk: () =>
                  act(
                    `/users/${u.id}/disable`,
                    { disabled: !u.disabled },
                    u.disabled ? tx({ zh: '已启用', en: 'Enabled' }) : tx({ zh: '已停用', en: 'Disabled' }),
                  ),
              })
            }
          >
            {u.disabled ? tx({ zh: '启用', en: 'Enable' }) : tx({ zh: '停用', en: 'Disable' })}
          </Button>
          <Button size="small" onClick={() => setEditing({ account: u, what: 'grants' })}>
            {tx({ zh: '变更授权', en: 'Grants' })}
          </Button>
          <Button size="small" onClick={() => setEditing({ account: u, what: 'password' })}>
            {tx({ zh: '重置密码', en: 'Reset password' })}
          </Button>
          {u.locked && (
            <Button
              size="small"
              onClick={() => act(`/users/${u.id}/unlock`, undefined, tx({ zh: '已解锁', en: 'Unlocked' }))}
            >
              {tx({ zh: '解除锁定', en: 'Unlock' })}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Card
      title={tx({ zh: '账号与权限', en: 'Accounts and roles' })}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          {tx({ zh: '新建账号', en: 'New account' })}
        </Button>
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={tx({ zh: '用户名或姓名', en: 'Username or name' })}
          maxLength={64}
          onSearch={setSearch}
          onChange={(e) => !e.target.value && setSearch('')}
          style={{ width: 240 }}
        />
        <Select
          allowClear
          placeholder={tx({ zh: '按角色筛选', en: 'Filter by role' })}
          style={{ width: 200 }}
          value={role}
          onChange={setRole}
          options={ROLES.map((r) => ({ value: r, label: lang === 'en' ? ROLE_LABELS[r].en : ROLE_LABELS[r].zh }))}
        />
      </Space>
      <Table
        rowKey="id"
        loading={!users.data && !users.error}
        dataSource={rows}
        columns={columns}
        scroll={{ x: 'max-content' }}
        pagination={{ pageSize: 20, showTotal: (n) => tx({ zh: `共 ${n} 个账号`, en: `${n} accounts` }) }}
      />
      {editing?.what === 'grants' && (
        <ChangeGrant
          account={editing.account}
          onClose={() => setEditing(null)}
          onDone={() => {
            setEditing(null);
            users.reload();
          }}
        />
      )}
      {editing?.what === 'password' && (
        <ResetPassword account={editing.account} onClose={() => setEditing(null)} onDone={() => setEditing(null)} />
      )}
      {creating && (
        <CreateAccount
          onClose={() => setCreating(false)}
          onCreated={() => {
            setCreating(false);
            users.reload();
          }}
        />
      )}
    </Card>
  );
}
