// Calendar arithmetic on 'YYYY-MM-DD' business dates (Asia/Shanghai calendar days, no clock time).
import { isIsoDate } from '../../lib/dates.js';

const parts = (date: string) => date.split('-').map(Number) as [number, number, number];
const fmt = (d: Date) => d.toISOString().slice(0, 10);

/**
 * The anniversary `years` after `date`: "served N full years" is due on that day. A 29 February
 * start rolls to 1 March in non-leap years, as `Date.UTC` and `bornOnOrBefore` in lib/dates do.
 */
export function addYears(date: string, years: number): string {
  const [y, m, d] = parts(date);
  return fmt(new Date(Date.UTC(y + years, m - 1, d)));
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = parts(date);
  return fmt(new Date(Date.UTC(y, m - 1, d + days)));
}

/** 'YYYY-MM' of a date. */
export const monthOf = (date: string) => date.slice(0, 7);

export const isMonth = (month: string) => /^\d{4}-(0[1-9]|1[0-2])$/.test(month);

export function monthStart(month: string): string {
  return `${month}-01`;
}

export function monthEnd(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return fmt(new Date(Date.UTC(y, m, 0)));
}

export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return fmt(new Date(Date.UTC(y, m - 2, 1))).slice(0, 7);
}

/** Whole years from `from` to `to` (a person hired on 2022-03-01 has served 2 years on 2024-03-01). */
export function fullYearsBetween(from: string, to: string): number {
  const [fy, fm, fd] = parts(from);
  const [ty, tm, td] = parts(to);
  return ty - fy - (tm < fm || (tm === fm && td < fd) ? 1 : 0);
}

export { isIsoDate };
