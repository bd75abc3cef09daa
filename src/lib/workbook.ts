// .xlsx answers: sheets of typed columns turned into one workbook buffer. Headers are Chinese unless
// the reader asked for English; a cell is a number, a string or empty (null/undefined).
import ExcelJS from 'exceljs';
import type { Lang } from './errors.js';

export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export type Cell = string | number | null | undefined;
/** A header in both languages, or one string when the sheet is only ever read in Chinese. */
export type Header = string | { zh: string; en: string };

export interface Column<T> {
  header: Header;
  width?: number;
  value: (row: T) => Cell;
}

export interface Sheet<T> {
  name: Header;
  columns: Column<T>[];
  rows: Iterable<T>;
}

/** Builds a sheet, keeping the row type between its columns and its rows. */
export const sheetOf = <T>(name: Header, columns: Column<T>[], rows: Iterable<T>): Sheet<T> => ({
  name,
  columns,
  rows,
});

const text = (h: Header, lang: Lang) => (typeof h === 'string' ? h : lang === 'en' ? h.en : h.zh);

/** The workbook of `sheets` as an .xlsx buffer; the header row is bold and stays on screen when scrolling. */
// biome-ignore lint/suspicious/noExplicitAny: each sheet keeps its own row type (see sheetOf)
export async function workbookBuffer(sheets: Sheet<any>[], lang: Lang = 'zh-CN'): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  for (const s of sheets) {
    // Excel refuses sheet names over 31 characters and some punctuation.
    const sheet = book.addWorksheet(
      text(s.name, lang)
        .replace(/[\\/?*[\]:]/g, ' ')
        .slice(0, 31),
      {
        views: [{ state: 'frozen', ySplit: 1 }],
      },
    );
    sheet.columns = s.columns.map((c, i) => ({ header: text(c.header, lang), key: `c${i}`, width: c.width ?? 14 }));
    sheet.getRow(1).font = { bold: true };
    for (const row of s.rows) sheet.addRow(s.columns.map((c) => c.value(row) ?? null));
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** A Content-Disposition value: an ASCII name for old clients and the UTF-8 (Chinese) name for the rest. */
export const attachment = (asciiName: string, name: string) =>
  `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(name)}`;
