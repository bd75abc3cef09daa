// The download button of a cockpit table: the same figures as an .xlsx, in the reader's language.
import { DownloadOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import type { CockpitExportQuery } from '../../../../src/domain/cockpit/schemas.ts';
import { queryString } from '../../api.ts';
import { usePrefs } from '../../prefs.tsx';

export function ExportButton({ query, label }: { query: Omit<CockpitExportQuery, 'lang'>; label?: string }) {
  const { tx, lang } = usePrefs();
  return (
    <Button
      size="small"
      icon={<DownloadOutlined />}
      href={`/api/v1/cockpit/export.xlsx${queryString({ ...query, lang })}`}
      download
    >
      {label ?? tx({ zh: '导出 Excel', en: 'Export .xlsx' })}
    </Button>
  );
}
