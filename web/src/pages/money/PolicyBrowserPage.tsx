// /money/policies — the policy packs as data: each pack's rules and versions, every parameter with
// its unit and source (the seed document's words, or "operator-set"), what changed between
// versions, and a trial evaluation of a case.

import {
  Alert,
  App,
  Button,
  Card,
  Collapse,
  Descriptions,
  Form,
  Input,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import type { ResolvedSource } from '../../../../src/domain/policy/pack-schema.ts';
import type {
  EvaluationView,
  PackSummary,
  RuleHistory,
  RuleInfo,
  VersionHistory,
} from '../../../../src/domain/policy/schemas.ts';
import { todayInShanghai } from '../../../../src/lib/dates.ts';
import { ApiError, api } from '../../api.ts';
import { usePrefs } from '../../prefs.tsx';
import { formatFen, PROGRAMMES, useLoad } from './shared.ts';

type Source = ResolvedSource;
type Version = VersionHistory;
type Pack = PackSummary;

const show = (v: unknown, unit: string) => {
  if (typeof v === 'number' && unit.startsWith('fen')) return formatFen(v);
  if (typeof v === 'number' && unit === 'basis_points') return `${v / 100}%`;
  if (v && typeof v === 'object' && !Array.isArray(v) && unit.startsWith('fen'))
    return Object.entries(v as Record<string, number>)
      .map(([k, f]) => `${k}: ${formatFen(f)}`)
      .join('；');
  if (v && typeof v === 'object' && !Array.isArray(v) && unit === 'basis_points')
    return Object.entries(v as Record<string, number>)
      .map(([k, f]) => `${k}: ${f / 100}%`)
      .join('；');
  if (unit === 'share_schedule' && Array.isArray(v))
    return (v as { afterYears: number; numerator: number; denominator: number }[])
      .map((s) => `${s.afterYears}年 ${s.numerator}/${s.denominator}`)
      .join('，');
  return Array.isArray(v) ? v.join('、') : String(v);
};

function SourceTag({ s }: { s: Source }) {
  const { tx } = usePrefs();
  if (s.kind === 'operatorSet')
    return (
      <Tag color="orange" title={s.note}>
        {tx({ zh: '运营方设定', en: 'operator-set' })}
      </Tag>
    );
  return (
    <Typography.Text>
      <Tag color="blue">{`${s.seed} ${s.section}`}</Tag>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>{`“${s.quote}”`}</Typography.Text>
    </Typography.Text>
  );
}

function VersionCard({ v }: { v: Version }) {
  const { tx } = usePrefs();
  return (
    <Card
      size="small"
      title={`v${v.version} · ${v.effectiveFrom} → ${v.effectiveTo ?? tx({ zh: '至今', en: 'open' })}`}
      extra={<Tag>{v.packName}</Tag>}
      data-testid={`version-${v.rule}-${v.version}`}
    >
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={tx({ zh: '依据', en: 'Source' })}>
          {v.document.kind === 'seed'
            ? `《${v.document.title}》${v.document.section}${v.document.status === 'draft' ? tx({ zh: '（征求意见稿）', en: ' (draft)' }) : ''}`
            : v.document.note}
        </Descriptions.Item>
        <Descriptions.Item label={tx({ zh: '生效日期依据', en: 'Dates from' })}>
          <SourceTag s={v.dateSource} />
        </Descriptions.Item>
        {v.note && <Descriptions.Item label={tx({ zh: '说明', en: 'Note' })}>{v.note}</Descriptions.Item>}
        <Descriptions.Item label={tx({ zh: '记录时间', en: 'Recorded' })}>
          {new Date(v.recordedAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })}
        </Descriptions.Item>
      </Descriptions>
      {!!v.changes?.length && (
        <Alert
          type="info"
          showIcon
          style={{ margin: '8px 0' }}
          message={tx({ zh: '与上一版本相比的变化', en: 'Changed from the previous version' })}
          description={v.changes.map((c) => (
            <div key={c.parameter}>{`${c.parameter}: ${JSON.stringify(c.from)} → ${JSON.stringify(c.to)}`}</div>
          ))}
        />
      )}
      <Table
        size="small"
        rowKey="name"
        pagination={false}
        dataSource={v.parameters}
        columns={[
          { title: tx({ zh: '参数', en: 'Parameter' }), dataIndex: 'name' },
          { title: tx({ zh: '取值', en: 'Value' }), key: 'value', render: (_, p) => show(p.value, p.unit) },
          { title: tx({ zh: '单位', en: 'Unit' }), dataIndex: 'unit' },
          { title: tx({ zh: '来源', en: 'Source' }), key: 'source', render: (_, p) => <SourceTag s={p.source} /> },
        ]}
      />
    </Card>
  );
}

function RuleVersions({ rule, code }: { rule: string; code: string }) {
  const history = useLoad<RuleHistory>(`/policies/rules/${rule}`, { jurisdictionCode: code });
  if (history.error) return <Alert type="error" message={history.error} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {(history.data?.versions ?? [])
        .filter((v) => v.jurisdictionCode === code)
        .map((v) => (
          <VersionCard key={v.versionId} v={v} />
        ))}
    </Space>
  );
}

function TryIt({ rules }: { rules: RuleInfo[] }) {
  const { tx } = usePrefs();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [answer, setAnswer] = useState<EvaluationView | null>(null);
  const [rule, setRule] = useState<string>('homeCareBed.oneTimeGrant');
  const info = rules.find((r) => r.rule === rule);
  const run = async () => {
    const v = await form.validateFields();
    try {
      setAnswer(
        await api('/policies/evaluate', {
          method: 'POST',
          body: { jurisdictionCode: v.jurisdictionCode, rule, onDate: v.onDate, facts: JSON.parse(v.facts) },
        }),
      );
    } catch (err) {
      setAnswer(null);
      void message.error(err instanceof ApiError ? err.message : String(err));
    }
  };
  return (
    <Card title={tx({ zh: '试算', en: 'Try a case' })}>
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          jurisdictionCode: '330182',
          onDate: todayInShanghai(),
          facts: '{"retrofitDone": false, "grantedBefore": false}',
        }}
      >
        <Form.Item label={tx({ zh: '规则', en: 'Rule' })}>
          <Select
            value={rule}
            onChange={setRule}
            options={rules.map((r) => ({ value: r.rule, label: `${tx(r.title)} (${r.rule})` }))}
            data-testid="try-rule"
          />
        </Form.Item>
        <Space wrap>
          <Form.Item
            name="jurisdictionCode"
            label={tx({ zh: '辖区代码', en: 'Jurisdiction' })}
            rules={[{ required: true }]}
          >
            <Input style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="onDate" label={tx({ zh: '日期', en: 'On' })} rules={[{ required: true }]}>
            <Input type="date" />
          </Form.Item>
        </Space>
        <Form.Item
          name="facts"
          label={`${tx({ zh: '事实（JSON）', en: 'Facts (JSON)' })}: ${info?.facts.map((f) => `${f.name}${f.required ? '' : '?'}`).join(', ') ?? ''}`}
        >
          <Input.TextArea rows={3} style={{ fontFamily: 'monospace' }} data-testid="try-facts" />
        </Form.Item>
        <Button type="primary" onClick={run} data-testid="try-run">
          {tx({ zh: '计算', en: 'Evaluate' })}
        </Button>
      </Form>
      {answer && (
        <Alert
          style={{ marginTop: 12 }}
          type={answer.eligible ? 'success' : 'warning'}
          data-testid="try-answer"
          message={`${formatFen(answer.amountFen)}${answer.cityShareFen !== undefined ? `（${tx({ zh: '市级承担', en: 'city share' })} ${formatFen(answer.cityShareFen)}）` : ''}`}
          description={
            <>
              {answer.explanation.map((l) => (
                <div key={l}>{l}</div>
              ))}
              {answer.payments.length > 1 && (
                <div>{answer.payments.map((p) => `${p.dueDate} ${formatFen(p.amountFen)}`).join('；')}</div>
              )}
            </>
          }
        />
      )}
    </Card>
  );
}

export default function PolicyBrowserPage() {
  const { tx } = usePrefs();
  const packs = useLoad<Pack[]>('/policies/packs');
  const rules = useLoad<RuleInfo[]>('/policies/rules');
  if (packs.error) return <Alert type="error" showIcon message={packs.error} />;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={tx({ zh: '政策规则（按辖区政策包）', en: 'Policy packs' })}>
        <Tabs
          items={(packs.data ?? []).map((p) => ({
            key: p.jurisdictionCode,
            label: `${p.name} ${p.jurisdictionCode}`,
            children: (
              <Collapse
                items={p.rules.map((r) => ({
                  key: r.rule,
                  label: `${PROGRAMMES[r.rule] ? tx(PROGRAMMES[r.rule]!) : tx(r.title)} · ${r.rule} · ${r.versions.map((n) => `v${n}`).join(' / ')}`,
                  children: <RuleVersions rule={r.rule} code={p.jurisdictionCode} />,
                }))}
              />
            ),
          }))}
        />
      </Card>
      {rules.data && <TryIt rules={rules.data} />}
    </Space>
  );
}
