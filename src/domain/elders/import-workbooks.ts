// Workbooks around the import: the blank template people fill in, and the error report that gives
// the refused rows back as they were, with the reasons, ready to correct and upload again.
import ExcelJS from 'exceljs';
import type { Lang } from '../../lib/errors.js';
import { FLAG_LABELS, STORED_FLAGS } from './flags.js';
import { type ImportProblem, localiseProblems } from './import.js';
import {
  type Cell,
  HEADERS,
  type ImportField,
  REQUIRED_FIELDS,
  type SheetRow,
  TEMPLATE_EXAMPLE_ID,
} from './import-format.js';
import type { Community } from './place-lookup.js';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const TEMPLATE_FIELDS: ImportField[] = [
  'name',
  'idNumber',
  'phone',
  'community',
  'address',
  'hukou',
  ...STORED_FLAGS.map((f) => `flag:${f}` as const),
  'contactName',
  'contactPhone',
  'contactRelation',
];

const EXPLAIN: Partial<Record<ImportField, string>> = {
  name: '老人姓名，最多 50 个字',
  idNumber:
    '18 位公民身份号码，末位可为 X；出生日期、性别和年龄由此计算，须年满登记年龄（默认 60 周岁）。本列请设为“文本”格式，否则 Excel 会把号码变成科学计数并丢失末几位',
  phone: '手机号（11 位）或固定电话（如 0571-87654321），可不填',
  community:
    '社区（村）名称或 12 位社区代码；名称只在您的辖区内查找，重名时请加街道名（如“清波街道清波门社区”）或填代码。可用名称和代码见“社区列表”',
  address: '详细居住地址，最多 200 个字',
  hukou: '可不填；区划代码（如 330102）或“省市区县”名称（如“浙江省杭州市上城区”）',
  contactName: '可不填；填写联系人电话或关系时必填',
  contactPhone: '可不填；手机号或固定电话',
  contactRelation: '可不填，如“儿子”“女儿”；不填记为“紧急联系人”',
};

const widthOf = (f: ImportField) =>
  f === 'idNumber' ? 22 : f === 'address' ? 30 : f === 'community' ? 20 : f.startsWith('flag:') ? 10 : 14;

/** The import template: headers and one example row, how to fill each column, and the caller's communities. */
export async function buildTemplate(communities: Community[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Yiyang 颐养';
  const sheet = wb.addWorksheet('老人信息', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = TEMPLATE_FIELDS.map((f) => ({
    header: HEADERS[f][0]!,
    key: f,
    width: widthOf(f),
    // Text format keeps 18-digit ID numbers and leading zeros as typed.
    style: ['idNumber', 'phone', 'contactPhone', 'hukou'].includes(f) ? { numFmt: '@' } : {},
  }));
  const required = new Set<ImportField>([...REQUIRED_FIELDS, 'community']);
  sheet.getRow(1).eachCell((cell, col) => {
    cell.font = { bold: true, color: required.has(TEMPLATE_FIELDS[col - 1]!) ? { argb: 'FFC00000' } : undefined };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEDEDED' } };
  });
  const example = communities[0];
  sheet.addRow({
    name: '张三（示例）',
    idNumber: TEMPLATE_EXAMPLE_ID,
    phone: '13800000000',
    community: example ? example.name : '清波门社区',
    address: example ? `${example.streetName}某某路 1 号` : '清波街道某某路 1 号',
    hukou: '浙江省杭州市上城区',
    ...Object.fromEntries(STORED_FLAGS.map((f) => [`flag:${f}`, f === 'living_alone' ? '是' : '否'])),
    contactName: '张小明',
    contactPhone: '13900000000',
    contactRelation: '儿子',
  });
  sheet.getRow(2).font = { italic: true, color: { argb: 'FF808080' } };
  const firstFlag = TEMPLATE_FIELDS.findIndex((f) => f.startsWith('flag:')) + 1;
  const lastFlag = firstFlag + STORED_FLAGS.length - 1;
  const colName = (n: number) => sheet.getColumn(n).letter;
  // A 是/否 drop-down on the first 5,000 rows (beyond that 是/否 is simply typed): exceljs expands
  // a range per cell when it reads a workbook, so a whole-column range makes the file slow to process.
  (sheet as unknown as { dataValidations: { add(range: string, v: object): void } }).dataValidations.add(
    `${colName(firstFlag)}2:${colName(lastFlag)}5001`,
    {
      type: 'list',
      allowBlank: true,
      formulae: ['"是,否"'],
    },
  );

  const help = wb.addWorksheet('填写说明');
  help.columns = [
    { header: '列名', key: 'header', width: 18 },
    { header: '是否必填', key: 'required', width: 10 },
    { header: '说明', key: 'explain', width: 80 },
    { header: '也可使用的列名', key: 'synonyms', width: 40 },
  ];
  help.getRow(1).font = { bold: true };
  for (const f of TEMPLATE_FIELDS) {
    const flag = f.startsWith('flag:') ? FLAG_LABELS[f.slice(5) as keyof typeof FLAG_LABELS].zh : null;
    help.addRow({
      header: HEADERS[f][0],
      required: required.has(f) ? '必填' : '',
      explain: EXPLAIN[f] ?? `${flag}：填“是”或“否”，不填视为“否”；导入后自当天起生效`,
      synonyms: HEADERS[f].slice(1).join('、'),
    });
  }
  help.addRow({});
  for (const note of [
    '第 2 行是示例，导入时会自动跳过，可直接删除。',
    '表头须在前 10 行内；列的顺序不限，无法识别的列（如序号、性别、年龄）会被忽略。',
    `也可用一列“${HEADERS.flagList[0]}”填写多个状态，用顿号分隔，如“低保、独居”。`,
    '默认整表校验：只要有一行有误就不写入任何数据，并给出错误报告（行号、列、原因）；选择“部分导入”时写入正确的行，其余行列入报告。',
    '支持 .xlsx 和 .csv（UTF-8 或 GBK 编码均可）。',
  ])
    help.addRow({ header: note }).getCell(1).alignment = { wrapText: false };

  const list = wb.addWorksheet('社区列表');
  list.columns = [
    { header: '区县', key: 'district', width: 14 },
    { header: '街道（乡镇）', key: 'street', width: 18 },
    { header: '社区（村）', key: 'name', width: 24 },
    { header: '社区代码', key: 'code', width: 16, style: { numFmt: '@' } },
  ];
  list.getRow(1).font = { bold: true };
  for (const c of communities)
    list.addRow({ district: c.districtName, street: c.streetName, name: c.name, code: c.code });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export interface ImportReport {
  headers: string[];
  problems: ImportProblem[];
  refusedRows: SheetRow[];
}

const REPORT_HEADERS: Record<Lang, { row: string; column: string; reason: string; details: string; rows: string }> = {
  'zh-CN': { row: '行号', column: '列', reason: '错误原因', details: '错误明细', rows: '未导入的行' },
  en: { row: 'Row', column: 'Column', reason: 'Reason', details: 'Problems', rows: 'Rows not imported' },
};

/** The report: one line per problem, then the refused rows as they were with their reasons. */
export async function buildReportXlsx(report: ImportReport, lang: Lang): Promise<Buffer> {
  const h = REPORT_HEADERS[lang];
  const problems = localiseProblems(report.problems, lang);
  const wb = new ExcelJS.Workbook();
  const details = wb.addWorksheet(h.details, { views: [{ state: 'frozen', ySplit: 1 }] });
  details.columns = [
    { header: h.row, key: 'row', width: 8 },
    { header: h.column, key: 'column', width: 16 },
    { header: h.reason, key: 'reason', width: 80 },
  ];
  details.getRow(1).font = { bold: true };
  for (const p of problems) details.addRow(p);

  const reasons = new Map<number, string[]>();
  for (const p of problems) reasons.set(p.row, [...(reasons.get(p.row) ?? []), `${p.column}：${p.reason}`]);
  const rows = wb.addWorksheet(h.rows, { views: [{ state: 'frozen', ySplit: 1 }] });
  // Source headers first, so the sheet can be corrected and imported again (the extra columns are ignored).
  rows.addRow([...report.headers, h.reason, h.row]).font = { bold: true };
  report.headers.forEach((_, i) => {
    rows.getColumn(i + 1).numFmt = '@';
  });
  for (const r of report.refusedRows) {
    const cells: Cell[] = report.headers.map((_, i) => r.cells[i] ?? '');
    rows.addRow([...cells.map(String), (reasons.get(r.row) ?? []).join('；'), r.row]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** One CSV field; a leading = + - @ is defused so a spreadsheet never runs it as a formula. */
function csvField(value: string | number): string {
  let text = String(value);
  if (/^[=+\-@]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The same problems as CSV (UTF-8 with BOM, so Excel opens it in Chinese). */
export function buildReportCsv(report: ImportReport, lang: Lang): Buffer {
  const h = REPORT_HEADERS[lang];
  const lines = localiseProblems(report.problems, lang).map((p) => [p.row, p.column, p.reason]);
  const text = [[h.row, h.column, h.reason], ...lines].map((l) => l.map(csvField).join(',')).join('\r\n');
  return Buffer.from(`\ufeff${text}\r\n`, 'utf8');
}
