// Bulk registration from .xlsx/.csv. The server either imports everything (or, with partial=true,
// every valid row) or answers 422 with a row-by-row report, which we show and offer as a CSV.

import { DownloadOutlined, InboxOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Space, Switch, Table, Typography, Upload, type UploadFile } from 'antd';
import { useState } from 'react';
import { ApiError, api } from '../../api.ts';
import { usePrefs } from '../../prefs.tsx';

interface RowError {
  row: number;
  column: string | null;
  reason: string;
}

/** 200 {imported, skipped, …} or 422 {code: 'import_invalid', message, …}; both list problems. */
interface Outcome {
  imported?: number;
  skipped?: number;
  code?: string;
  message?: string;
  errors?: RowError[];
  /** All problems; `errors` may list only the first ones. */
  errorCount?: number;
  ignoredColumns?: string[];
  /** The server keeps the full report for a while at /elders/import-reports/:id.xlsx|csv. */
  reportId?: string;
}

/** RFC 4180 quoting, with a BOM so Excel opens the Chinese text as UTF-8. */
export function toCsv(rows: (string | number | null)[][]): Blob {
  const cell = (v: string | number | null) => {
    const s = v == null ? '' : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return new Blob([`\uFEFF${rows.map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`], {
    type: 'text/csv;charset=utf-8',
  });
}

function download(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export default function ElderImportPage() {
  const { t } = usePrefs();
  const { message } = App.useApp();
  const [file, setFile] = useState<UploadFile | null>(null);
  const [partial, setPartial] = useState(false);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const submit = async () => {
    const raw = file?.originFileObj;
    if (!raw) return;
    setBusy(true);
    setOutcome(null);
    try {
      const body = new FormData();
      body.append('file', raw, raw.name);
      setOutcome(await api<Outcome>('/elders/import', { method: 'POST', query: { partial }, body, accept: [422] }));
    } catch (err) {
      void message.error(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  const errors = outcome?.errors ?? [];
  const failed = outcome?.code != null;
  const columns = [
    { title: t('import.row'), dataIndex: 'row', width: 90 },
    { title: t('import.column'), dataIndex: 'column', width: 160, render: (c: string | null) => c ?? '—' },
    { title: t('import.reason'), dataIndex: 'reason' },
  ];

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={t('import.title')}
        extra={
          <Button icon={<DownloadOutlined />} href="/api/v1/elders/import-template.xlsx" download>
            {t('import.template')}
          </Button>
        }
      >
        <Typography.Paragraph>{t('import.hint')}</Typography.Paragraph>
        <Upload.Dragger
          accept=".xlsx,.csv"
          maxCount={1}
          fileList={file ? [file] : []}
          beforeUpload={() => false /* sent with the form below, not on pick */}
          onChange={({ fileList }) => setFile(fileList[fileList.length - 1] ?? null)}
          onRemove={() => setFile(null)}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{t('import.pick')}</p>
          <p className="ant-upload-hint">.xlsx / .csv</p>
        </Upload.Dragger>
        <Space style={{ marginTop: 16 }} wrap>
          <Switch checked={partial} onChange={setPartial} aria-label={t('import.partial')} />
          <span>{t('import.partial')}</span>
          <Typography.Text type="secondary">{t('import.partialHelp')}</Typography.Text>
        </Space>
        <div style={{ marginTop: 16 }}>
          <Button type="primary" icon={<UploadOutlined />} disabled={!file} loading={busy} onClick={submit}>
            {t('import.submit')}
          </Button>
        </div>
      </Card>
      {outcome && (
        <Card
          title={t('import.outcome')}
          extra={
            <Space wrap>
              {errors.length > 0 && (
                <Button
                  icon={<DownloadOutlined />}
                  onClick={() =>
                    download(
                      toCsv([
                        [t('import.row'), t('import.column'), t('import.reason')],
                        ...errors.map((e) => [e.row, e.column, e.reason]),
                      ]),
                      `import-errors-${Date.now()}.csv`,
                    )
                  }
                >
                  {t('import.downloadErrors')}
                </Button>
              )}
              {outcome.reportId && (
                <Button
                  icon={<DownloadOutlined />}
                  href={`/api/v1/elders/import-reports/${encodeURIComponent(outcome.reportId)}.xlsx`}
                  download
                >
                  {t('import.fullReport')}
                </Button>
              )}
            </Space>
          }
        >
          <Space direction="vertical" style={{ width: '100%' }}>
            <Alert
              showIcon
              type={failed ? 'error' : errors.length ? 'warning' : 'success'}
              message={
                failed
                  ? outcome.message
                  : t('import.result', { imported: outcome.imported ?? 0, skipped: outcome.skipped ?? 0 })
              }
              data-testid="import-outcome"
            />
            {(outcome.errorCount ?? 0) > errors.length && (
              <Alert
                type="info"
                showIcon
                message={t('import.truncated', { count: outcome.errorCount!, shown: errors.length })}
              />
            )}
            {!!outcome.ignoredColumns?.length && (
              <Alert
                type="warning"
                showIcon
                message={t('import.ignoredColumns', { columns: outcome.ignoredColumns.join('、') })}
              />
            )}
            {errors.length > 0 && (
              <Table<RowError & { key: number }>
                size="small"
                dataSource={errors.map((e, key) => ({ ...e, key }))}
                columns={columns}
                pagination={{ pageSize: 50, hideOnSinglePage: true }}
              />
            )}
          </Space>
        </Card>
      )}
    </Space>
  );
}
