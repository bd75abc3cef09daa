// The bureau's spreadsheet format: Chinese headers (with synonyms), one sheet of elders, .xlsx or
// .csv in UTF-8 (with or without BOM), GBK or UTF-16. Pure parsing: no database, no access rules.
import { Readable } from 'node:stream';
import { parse as parseCsv } from 'csv-parse';
import ExcelJS from 'exceljs';
import { makeCitizenId } from '../../lib/citizen-id.js';
import type { FieldError } from '../../lib/errors.js';
import { FLAG_LABELS, STORED_FLAGS, type StoredFlag } from './flags.js';
import { boundedXlsx, XlsxTooLarge } from './xlsx-bounds.js';

export type ImportField =
  | 'name'
  | 'idNumber'
  | 'phone'
  | 'community'
  | 'communityCode'
  | 'address'
  | 'hukou'
  | 'flagList'
  | `flag:${StoredFlag}`
  | 'contactName'
  | 'contactPhone'
  | 'contactRelation';

/** Accepted headers per field; the first one is what the template and the reports print. */
export const HEADERS: Record<ImportField, string[]> = {
  name: ['姓名', '老人姓名', '名字'],
  idNumber: ['身份证号', '身份证号码', '公民身份号码', '身份证', '证件号码', '身份证件号码'],
  phone: ['联系电话', '手机号', '手机号码', '电话', '电话号码', '本人电话', '联系方式', '手机'],
  community: [
    '所属社区',
    '社区',
    '社区名称',
    '所属社区(村)',
    '村(社区)',
    '社区(村)',
    '村/社区',
    '社区/村',
    '所属村(社区)',
    '居委会',
    '村居',
  ],
  communityCode: ['社区代码', '所属社区代码', '社区编码', '区划代码'],
  address: ['详细地址', '地址', '居住地址', '现住址', '现居住地址', '常住地址', '家庭住址', '住址', '家庭地址'],
  hukou: ['户籍地', '户籍', '户籍所在地', '户口所在地', '户籍地址'],
  flagList: ['人员类别', '状态标识', '困难类型', '特殊类别'],
  'flag:extreme_poverty': ['特困', '特困人员', '特困供养'],
  'flag:subsistence': ['低保', '低保户', '低保对象'],
  'flag:near_subsistence': ['低保边缘', '低边', '低保边缘户'],
  'flag:family_planning_special': ['计划生育特殊家庭', '计生特殊家庭', '计划生育特殊困难家庭'],
  'flag:empty_nest': ['空巢', '空巢老人'],
  'flag:left_behind': ['留守', '留守老人'],
  'flag:living_alone': ['独居', '独居老人'],
  'flag:disabled': ['失能', '失能老人'],
  'flag:dementia': ['失智', '失智老人', '认知障碍'],
  'flag:severe_disability': ['重残', '重度残疾', '重残人员'],
  contactName: ['紧急联系人', '联系人', '联系人姓名', '紧急联系人姓名'],
  contactPhone: ['联系人电话', '紧急联系人电话', '联系人手机', '紧急联系电话', '联系人联系电话'],
  contactRelation: ['与老人关系', '关系', '联系人关系', '与本人关系', '与老人的关系'],
};

/** The template's example row carries this ID number (address code 330100 is never issued to a person); imports skip it. */
export const TEMPLATE_EXAMPLE_ID = makeCitizenId('330100', '1950-01-01', 1);

export const REQUIRED_FIELDS: ImportField[] = ['name', 'idNumber', 'address'];
export const FLAG_FIELDS = STORED_FLAGS.map((f) => `flag:${f}` as const);

/** Full-width ASCII → half-width; drops BOM, zero-width and non-breaking spaces. */
export function cleanText(text: string): string {
  return text
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\u200B-\u200D\uFEFF]/g, '')
    .replace(/[\u00A0\u3000]/g, ' ')
    .trim();
}

/** 「身份证号*」「身份证号（必填）」「 所属社区 (村) 」 → the key the synonyms are listed under. */
export function normaliseHeader(text: string): string {
  return cleanText(text)
    .replace(/[(]\s*(必填|选填|可选|必须|非必填)\s*[)]/g, '')
    .replace(/[*＊]/g, '')
    .replace(/\s+/g, '');
}

const HEADER_INDEX = new Map<string, ImportField>();
for (const [field, names] of Object.entries(HEADERS) as [ImportField, string[]][]) {
  for (const n of names) HEADER_INDEX.set(normaliseHeader(n), field);
}
export const fieldOfHeader = (header: string): ImportField | undefined => HEADER_INDEX.get(normaliseHeader(header));

const YES = new Set(['是', 'y', 'yes', 'true', '1', '√', '✓', '✔', '有', '对']);
const NO = new Set(['否', 'n', 'no', 'false', '0', '×', '无', '不是', '-', '']);
/** 是/否 and the usual spellings; undefined when the value means neither. */
export function yesNo(text: string): boolean | undefined {
  const v = cleanText(text).toLowerCase();
  if (YES.has(v)) return true;
  if (NO.has(v)) return false;
  return undefined;
}

const FLAG_BY_LABEL = new Map<string, StoredFlag>();
for (const flag of STORED_FLAGS) {
  FLAG_BY_LABEL.set(FLAG_LABELS[flag].zh, flag);
  for (const h of HEADERS[`flag:${flag}`]) FLAG_BY_LABEL.set(h, flag);
}
/** 「特困、独居」 → flags; unknown labels come back separately so the row can name them. */
export function flagsFromList(text: string): { flags: StoredFlag[]; unknown: string[] } {
  const flags: StoredFlag[] = [];
  const unknown: string[] = [];
  for (const part of cleanText(text)
    .split(/[、,，;；/|\s]+/)
    .filter(Boolean)) {
    const flag = FLAG_BY_LABEL.get(part);
    if (flag) flags.push(flag);
    else if (part !== '无' && part !== '否') unknown.push(part);
  }
  return { flags, unknown };
}

/** A cell as read: text, or a number (Excel turns long digit strings into lossy floats). */
export type Cell = string | number;

/** One data row: its number as the user sees it in Excel (header = row 1) and its cells. */
export interface SheetRow {
  row: number;
  cells: Cell[];
}

export interface MappedColumn {
  index: number;
  header: string;
  field: ImportField;
}

export interface ParsedFile {
  headerRow: number;
  headers: string[];
  columns: MappedColumn[];
  /** Headers that map to no field (性别, 年龄, 序号 …): reported, not refused. */
  ignored: string[];
  rows: SheetRow[];
  /** File-level problems (no header, missing or doubled columns). */
  problems: (FieldError & { row: number; column: string })[];
}

export type FileKind = 'xlsx' | 'csv';

export function detectKind(buffer: Buffer, fileName = ''): FileKind | 'xls' | 'unknown' {
  if (buffer.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return 'xlsx';
  if (buffer.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) return 'xls';
  if (/\.(csv|txt)$/i.test(fileName) || !buffer.subarray(0, 4096).includes(0)) return 'csv';
  if (buffer[0] === 0xff && buffer[1] === 0xfe) return 'csv';
  return 'unknown';
}

/** UTF-8 (BOM or not), UTF-16 with BOM, otherwise GBK/GB18030 — what Excel and WPS save. */
export function decodeText(buffer: Buffer): { text: string; encoding: string } {
  if (buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf)
    return { text: buffer.subarray(3).toString('utf8'), encoding: 'utf-8-bom' };
  if (buffer[0] === 0xff && buffer[1] === 0xfe)
    return { text: new TextDecoder('utf-16le').decode(buffer.subarray(2)), encoding: 'utf-16le' };
  if (buffer[0] === 0xfe && buffer[1] === 0xff)
    return { text: new TextDecoder('utf-16be').decode(buffer.subarray(2)), encoding: 'utf-16be' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(buffer), encoding: 'utf-8' };
  } catch {
    // Not valid UTF-8: a Chinese Excel or WPS "CSV" is GBK; GB18030 is its superset.
    return { text: new TextDecoder('gb18030').decode(buffer), encoding: 'gb18030' };
  }
}

function excelCell(value: unknown): Cell {
  if (value == null) return '';
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const v = value as { richText?: { text: string }[]; result?: unknown; text?: unknown; error?: string };
    if (v.richText) return v.richText.map((t) => t.text).join('');
    if ('result' in v) return excelCell(v.result);
    if (v.text != null) return excelCell(v.text);
    if (v.error) return v.error;
  }
  return String(value);
}

const isBlank = (cells: Cell[]) => cells.every((c) => typeof c === 'string' && cleanText(c) === '');

/**
 * Bounds on what one file may hold, checked while it streams in, before anything large is built:
 * a small .xlsx can name column XFD on every row or inflate to millions of rows.
 */
export const IMPORT_LIMITS = {
  /** Data rows (blank rows aside); also a bound on one transaction. */
  rows: 200_000,
  /** Columns A…CV: the template has 19, bureau sheets a few more (序号, 性别, 年龄, 备注 …). */
  columns: 100,
  /** Non-empty cells of the data rows (200,000 rows of the template's 19 columns fit). */
  cells: 4_000_000,
  /** Characters in one cell (the longest field, the address, takes 200). */
  cellChars: 2_000,
} as const;

/** 1 → A, 100 → CV, 16384 → XFD. */
export function columnLetter(n: number): string {
  let letters = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) letters = String.fromCharCode(65 + ((k - 1) % 26)) + letters;
  return letters;
}

/** A row as the reader meets it: its width (last column used) is known at once, its cells on demand. */
interface RawRow {
  row: number;
  width: number;
  cells(): Cell[];
}

async function* xlsxSheets(buffer: Buffer): AsyncGenerator<{ name: string; rows: AsyncGenerator<RawRow> }> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(await boundedXlsx(buffer)), {
    sharedStrings: 'cache',
    worksheets: 'emit',
    styles: 'cache',
    hyperlinks: 'ignore',
  });
  for await (const sheet of reader) {
    const name = (sheet as unknown as { name?: string }).name ?? '';
    yield {
      name,
      rows: (async function* () {
        for await (const row of sheet) {
          // Cells one by one up to the column cap: `row.values` would build an array as wide as
          // the last column used (16,384 slots for XFD) on every row.
          const width = row.cellCount;
          yield {
            row: row.number,
            width,
            cells: () => {
              const cells: Cell[] = [];
              for (let c = 1; c <= Math.min(width, IMPORT_LIMITS.columns); c++)
                cells.push(excelCell(row.findCell(c)?.value));
              return cells;
            },
          };
        }
      })(),
    };
  }
}

/** Text in slices, so the CSV parser hands out records as they are read rather than all at once. */
function* slices(text: string, size = 64 * 1024): Generator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

async function* csvRows(buffer: Buffer): AsyncGenerator<RawRow> {
  const { text } = decodeText(buffer);
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const delimiter =
    (firstLine.match(/\t/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0)
      ? '\t'
      : (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0)
        ? ';'
        : ',';
  const parser = Readable.from(slices(text)).pipe(
    // A record may not grow past the cells of a full row: a line of a million commas stops here.
    parseCsv({
      bom: true,
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      max_record_size: IMPORT_LIMITS.columns * IMPORT_LIMITS.cellChars,
    }),
  );
  // Excel shows each record (a quoted line break included) as one row, empty lines as empty rows.
  let row = 0;
  for await (const record of parser as AsyncIterable<string[]>) {
    row++;
    yield { row, width: record.length, cells: () => record.slice(0, IMPORT_LIMITS.columns) };
  }
}

const HEADER_SEARCH_ROWS = 10;

/** Finds the header among the first rows (a title row above it is common) and maps its columns. */
function mapHeader(row: SheetRow): Omit<ParsedFile, 'rows'> | null {
  const headers = row.cells.map((c) => cleanText(String(c)));
  const columns: MappedColumn[] = [];
  const ignored: string[] = [];
  const problems: ParsedFile['problems'] = [];
  headers.forEach((header, index) => {
    if (!header) return;
    const field = fieldOfHeader(header);
    if (!field) {
      ignored.push(header);
      return;
    }
    const earlier = columns.find((c) => c.field === field);
    if (earlier)
      problems.push({
        row: row.row,
        column: header,
        field,
        code: 'import_duplicate_column',
        params: { column: header, other: earlier.header },
      });
    else columns.push({ index, header, field });
  });
  const has = (f: ImportField) => columns.some((c) => c.field === f);
  if (!has('name') || !has('idNumber')) return null;
  for (const f of REQUIRED_FIELDS)
    if (!has(f))
      problems.push({
        row: row.row,
        column: HEADERS[f][0]!,
        field: f,
        code: 'import_missing_column',
        params: { column: HEADERS[f][0]! },
      });
  if (!has('community') && !has('communityCode'))
    problems.push({
      row: row.row,
      column: HEADERS.community[0]!,
      field: 'community',
      code: 'import_missing_column',
      params: { column: HEADERS.community[0]! },
    });
  return { headerRow: row.row, headers, columns, ignored, problems };
}

/** Reads one sheet: looks for the header in the first rows, then keeps the data rows within the limits. */
async function readRows(
  source: AsyncIterable<RawRow>,
  sheet: string,
  onRow?: (n: number) => void,
): Promise<ParsedFile | null> {
  let header: Omit<ParsedFile, 'rows'> | null = null;
  let seen = 0;
  let cellCount = 0;
  const rows: SheetRow[] = [];
  const tooWide = (r: RawRow) =>
    new UnreadableFile('import_too_many_columns', '', {
      sheet,
      row: r.row,
      column: columnLetter(r.width),
      limit: IMPORT_LIMITS.columns,
      last: columnLetter(IMPORT_LIMITS.columns),
    });
  for await (const r of source) {
    if (!header) {
      if (++seen > HEADER_SEARCH_ROWS) continue; // drain the sheet; the reader needs it consumed
      header = mapHeader({ row: r.row, cells: r.cells() });
      if (header && r.width > IMPORT_LIMITS.columns) throw tooWide(r);
      continue;
    }
    if (r.width > IMPORT_LIMITS.columns) throw tooWide(r);
    const cells = r.cells();
    if (isBlank(cells)) continue;
    if (rows.length >= IMPORT_LIMITS.rows)
      throw new UnreadableFile('import_too_many_rows', '', { limit: IMPORT_LIMITS.rows });
    cells.forEach((c, i) => {
      if (c === '') return;
      if (++cellCount > IMPORT_LIMITS.cells)
        throw new UnreadableFile('import_too_many_cells', '', { limit: IMPORT_LIMITS.cells });
      if (typeof c === 'string' && c.length > IMPORT_LIMITS.cellChars)
        throw new UnreadableFile('import_cell_too_long', '', {
          sheet,
          cell: `${columnLetter(i + 1)}${r.row}`,
          limit: IMPORT_LIMITS.cellChars,
        });
    });
    // Cells right of the header belong to no column; only the header's width is kept.
    rows.push({ row: r.row, cells: cells.slice(0, header.headers.length) });
    if (onRow && rows.length % 10_000 === 0) onRow(rows.length);
  }
  return header ? { ...header, rows } : null;
}

export class UnreadableFile extends Error {
  constructor(
    readonly code:
      | 'import_unsupported_format'
      | 'import_file_unreadable'
      | 'import_no_header'
      | 'import_too_many_rows'
      | 'import_too_many_columns'
      | 'import_too_many_cells'
      | 'import_cell_too_long'
      | 'import_file_inflates_too_large',
    reason = '',
    readonly params: Record<string, string | number> = {},
  ) {
    super(reason || code);
  }
}

/** Reads the first sheet that has a recognisable header (a template's 填写说明 sheet is skipped). */
export async function parseImportFile(buffer: Buffer, fileName = '', onRow?: (n: number) => void): Promise<ParsedFile> {
  const kind = detectKind(buffer, fileName);
  if (kind === 'xls' || kind === 'unknown') throw new UnreadableFile('import_unsupported_format');
  let found: ParsedFile | null = null;
  try {
    if (kind === 'csv') found = await readRows(csvRows(buffer), fileName || 'CSV', onRow);
    else {
      for await (const sheet of xlsxSheets(buffer)) {
        // Every sheet must be consumed for the streaming reader to move on; after the one that
        // is read, the others are only drained.
        if (found) for await (const _ of sheet.rows);
        else found = await readRows(sheet.rows, sheet.name, onRow);
      }
    }
  } catch (err) {
    if (err instanceof UnreadableFile) throw err;
    if (err instanceof XlsxTooLarge)
      throw new UnreadableFile('import_file_inflates_too_large', '', { limit: err.limitMb });
    throw new UnreadableFile('import_file_unreadable', (err as Error).message);
  }
  if (!found) throw new UnreadableFile('import_no_header');
  return found;
}

/** The text of one field in a row ('' when the column is absent or empty). */
export function fieldText(file: ParsedFile, row: SheetRow, field: ImportField): string {
  const col = file.columns.find((c) => c.field === field);
  if (!col) return '';
  const cell = row.cells[col.index];
  return cell == null ? '' : cleanText(String(cell));
}

export function columnOf(file: ParsedFile, field: ImportField): string {
  return file.columns.find((c) => c.field === field)?.header ?? HEADERS[field][0]!;
}

/**
 * The ID number cell as text, or 'numeric' when Excel stored it as a number (3.30102E+17): the
 * last digits are gone and no guess can bring them back. `="…"` and a leading apostrophe are
 * the usual tricks to force text; both are undone.
 */
export function idNumberCell(file: ParsedFile, row: SheetRow): string | 'numeric' {
  const col = file.columns.find((c) => c.field === 'idNumber');
  const cell = col ? row.cells[col.index] : '';
  if (typeof cell === 'number') return Number.isInteger(cell) && String(cell).length < 15 ? String(cell) : 'numeric';
  const text = cleanText(cell ?? '')
    .replace(/^="?|"$/g, '')
    .replace(/^'/, '')
    .replace(/\s+/g, '');
  if (/^\d(\.\d+)?E\+\d+$/i.test(text)) return 'numeric';
  return text;
}

/** Phone numbers: spaces and a +86 prefix dropped; numbers arrive as numbers from Excel. */
export function phoneText(text: string): string {
  return cleanText(text)
    .replace(/[\s()]/g, '')
    .replace(/^(\+?86)(1\d{10})$/, '$2');
}
