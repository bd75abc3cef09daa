// The elder registry list. Filters live in the address (?q=…&flag=…&page=…), so the back button,
// a bookmark and the export link all see the same search.

import { CloudUploadOutlined, DownloadOutlined, FilterOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Input, InputNumber, Select, Space, Table, type TableColumnsType, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { REGISTRY_READERS, REGISTRY_WRITERS } from '../../../../src/domain/identity/permissions.ts';
import { ApiError, api, queryString } from '../../api.ts';
import { hasAnyRole, useUser } from '../../auth.tsx';
import { JurisdictionPicker } from '../../components/JurisdictionPicker.tsx';
import { usePrefs } from '../../prefs.tsx';
import { Link, navigate, useLocation } from '../../router.tsx';
import { type ElderSummary, STATUS_COLORS, useFlags } from './shared.ts';

interface Filters {
  q?: string;
  /** The elder's phone, full or its last 4+ digits. */
  phone?: string;
  /** The last 4–6 characters of the ID number. */
  idTail?: string;
  jurisdiction?: string;
  status: 'active' | 'deceased' | 'moved_away' | 'all';
  flag: string[];
  ageMin?: number;
  ageMax?: number;
  page: number;
  pageSize: number;
}

const intOr = (v: string | null, fallback?: number) => (v && /^\d+$/.test(v) ? Number(v) : fallback);

function readFilters(s: URLSearchParams): Filters {
  const status = s.get('status');
  return {
    q: s.get('q') || undefined,
    phone: s.get('phone') || undefined,
    idTail: s.get('idTail') || undefined,
    jurisdiction: s.get('jurisdiction') || undefined,
    status: status === 'deceased' || status === 'moved_away' || status === 'all' ? status : 'active',
    flag: s.getAll('flag'),
    ageMin: intOr(s.get('ageMin')),
    ageMax: intOr(s.get('ageMax')),
    page: intOr(s.get('page'), 1)!,
    pageSize: intOr(s.get('pageSize'), 20)!,
  };
}

/** The search without paging: what the export and the API filters share. */
const filterQuery = ({ page: _p, pageSize: _s, status, ...f }: Filters) => ({
  ...f,
  status: status === 'active' ? undefined : status,
});

/** The export selects a population; suffix searches find a person and are not exported. */
const exportQuery = (f: Filters) => ({ ...filterQuery(f), phone: undefined, idTail: undefined });

const PHONE_SEARCH = /^[0-9]{4,12}$/;
const ID_TAIL_SEARCH = /^[0-9]{3,5}[0-9Xx]$/;

interface PageData {
  total: number;
  items: ElderSummary[];
}

export default function ElderListPage() {
  const { t, tx, elderMode } = usePrefs();
  const user = useUser();
  const { search } = useLocation();
  const key = search.toString();
  const filters = readFilters(search);
  const flags = useFlags();
  const [data, setData] = useState<PageData>({ total: 0, items: [] });
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [moreOpen, setMoreOpen] = useState(
    !elderMode || filters.flag.length > 0 || filters.ageMin != null || filters.ageMax != null,
  );
  const canWrite = hasAnyRole(user, REGISTRY_WRITERS);
  const [inputError, setInputError] = useState<string | null>(null);

  /** Applies a suffix search if it is well formed; says what is wrong otherwise, sending nothing. */
  const suffixSearch = (field: 'phone' | 'idTail', raw: string) => {
    const value = field === 'phone' ? raw.replace(/[\s-]/g, '') : raw.trim();
    const pattern = field === 'phone' ? PHONE_SEARCH : ID_TAIL_SEARCH;
    if (value && !pattern.test(value)) {
      setInputError(
        field === 'phone'
          ? tx({
              zh: '手机号请输入完整号码或后 4 位以上数字',
              en: 'Phone: the full number or at least its last 4 digits',
            })
          : tx({
              zh: '身份证后几位请输入 4–6 位（末位可为 X）',
              en: 'ID number ending: 4 to 6 characters (the last may be X)',
            }),
      );
      return;
    }
    setInputError(null);
    update({ [field]: value ? value.toUpperCase() : undefined });
  };

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    api<PageData>('/elders', {
      query: { ...filterQuery(filters), status: filters.status, page: filters.page, pageSize: filters.pageSize },
      signal: controller.signal,
    })
      .then((d) => {
        setData(d);
        setError(null);
      })
      .catch((err) => !controller.signal.aborted && setError(err instanceof ApiError ? err.message : String(err)))
      .finally(() => !controller.signal.aborted && setLoading(false));
    return () => controller.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  const update = (patch: Partial<Filters>) => {
    const next = { ...filters, page: 1, ...patch };
    navigate(
      `/elders${queryString({ ...filterQuery(next), page: next.page === 1 ? undefined : next.page, pageSize: next.pageSize === 20 ? undefined : next.pageSize })}`,
      { replace: true },
    );
  };

  const columns: TableColumnsType<ElderSummary> = [
    { title: t('field.elderCode'), dataIndex: 'elderCode', hidden: elderMode, width: 150 },
    {
      title: t('field.name'),
      dataIndex: 'name',
      render: (name: string, e) => <Link to={`/elders/${e.id}`}>{name}</Link>,
    },
    { title: t('field.sex'), dataIndex: 'sex', width: elderMode ? 90 : 70, render: (s: 'M' | 'F') => t(`sex.${s}`) },
    { title: t('field.age'), dataIndex: 'age', width: elderMode ? 90 : 70 },
    {
      title: t('field.idNumber'),
      dataIndex: 'idNumber',
      hidden: elderMode,
      render: (v: string) => <span style={{ fontFamily: 'monospace' }}>{v}</span>,
    },
    { title: t('field.community'), dataIndex: 'communityName', ellipsis: true },
    { title: t('field.phone'), dataIndex: 'phone', hidden: elderMode },
    {
      title: t('field.status'),
      dataIndex: 'status',
      width: 110,
      render: (s: string) => <Tag color={STATUS_COLORS[s]}>{t(`status.${s}` as 'status.active')}</Tag>,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 90,
      render: (_, e) => <Link to={`/elders/${e.id}`}>{t('common.view')}</Link>,
    },
  ];

  return (
    <Card>
      <div className="yy-toolbar">
        <Input.Search
          key={filters.q ?? ''}
          className="yy-grow"
          defaultValue={filters.q}
          placeholder={t('elders.searchPlaceholder')}
          allowClear
          enterButton={t('common.search')}
          onSearch={(q) => update({ q: q.trim() || undefined })}
          aria-label={t('common.search')}
        />
        {canWrite && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/elders/new')}>
            {t('elders.new')}
          </Button>
        )}
        {canWrite && !elderMode && (
          <Button icon={<CloudUploadOutlined />} onClick={() => navigate('/elders/import')}>
            {t('elders.import')}
          </Button>
        )}
        <Button
          icon={<DownloadOutlined />}
          href={`/api/v1/elders/export.xlsx${queryString(exportQuery(filters))}`}
          download
        >
          {t('elders.export')}
        </Button>
      </div>
      <div className="yy-toolbar">
        {hasAnyRole(user, REGISTRY_READERS) && (
          <JurisdictionPicker
            roles={REGISTRY_READERS}
            value={filters.jurisdiction}
            onChange={(jurisdiction) => update({ jurisdiction })}
            placeholder={t('elders.allJurisdictions')}
            style={{ minWidth: 260 }}
          />
        )}
        <Input.Search
          key={`phone-${filters.phone ?? ''}`}
          defaultValue={filters.phone}
          placeholder={tx({ zh: '手机号或后 4 位', en: 'Phone or its last 4 digits' })}
          aria-label={tx({ zh: '按手机号查找', en: 'Search by phone' })}
          allowClear
          inputMode="numeric"
          maxLength={16}
          onSearch={(v) => suffixSearch('phone', v)}
          style={{ width: elderMode ? 240 : 200 }}
        />
        <Input.Search
          key={`idTail-${filters.idTail ?? ''}`}
          defaultValue={filters.idTail}
          placeholder={tx({ zh: '身份证后 4–6 位', en: 'Last 4–6 of ID number' })}
          aria-label={tx({ zh: '按身份证后几位查找', en: 'Search by the end of the ID number' })}
          allowClear
          maxLength={6}
          onSearch={(v) => suffixSearch('idTail', v)}
          style={{ width: elderMode ? 240 : 190 }}
        />
        <Select
          aria-label={t('elders.status')}
          value={filters.status}
          onChange={(status) => update({ status })}
          style={{ width: elderMode ? 160 : 120 }}
          options={(['active', 'deceased', 'moved_away', 'all'] as const).map((s) => ({
            value: s,
            label: t(`status.${s}`),
          }))}
        />
        {moreOpen && (
          <>
            <Select
              mode="multiple"
              aria-label={t('elders.flags')}
              placeholder={t('elders.flags')}
              value={filters.flag}
              onChange={(flag) => update({ flag })}
              style={{ minWidth: 220 }}
              maxTagCount="responsive"
              options={flags.map((f) => ({ value: f.flag, label: tx(f) }))}
            />
            <Space.Compact>
              <InputNumber
                aria-label={t('elders.ageFrom')}
                placeholder={`${t('elders.age')} ${t('elders.ageFrom')}`}
                min={0}
                max={150}
                value={filters.ageMin}
                onChange={(v) => update({ ageMin: v ?? undefined })}
                style={{ width: 130 }}
              />
              <InputNumber
                aria-label={t('elders.ageTo')}
                placeholder={t('elders.ageTo')}
                min={0}
                max={150}
                value={filters.ageMax}
                onChange={(v) => update({ ageMax: v ?? undefined })}
                style={{ width: 100 }}
              />
            </Space.Compact>
          </>
        )}
        <Button type="link" icon={<FilterOutlined />} onClick={() => setMoreOpen(!moreOpen)}>
          {moreOpen ? t('common.fewerFilters') : t('common.moreFilters')}
        </Button>
        <Button onClick={() => navigate('/elders', { replace: true })}>{t('common.reset')}</Button>
      </div>
      {inputError && <Alert type="warning" showIcon message={inputError} style={{ marginBottom: 16 }} />}
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      <Table<ElderSummary>
        rowKey="id"
        size={elderMode ? 'large' : 'middle'}
        loading={loading}
        columns={columns}
        dataSource={data.items}
        scroll={{ x: 'max-content' }}
        pagination={{
          current: filters.page,
          pageSize: filters.pageSize,
          total: data.total,
          showSizeChanger: !elderMode,
          showTotal: (n) => t('common.total', { n }),
          onChange: (page, pageSize) => update({ page: pageSize !== filters.pageSize ? 1 : page, pageSize }),
        }}
      />
    </Card>
  );
}
