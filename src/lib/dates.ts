// Business dates are Asia/Shanghai calendar dates, carried as 'YYYY-MM-DD' strings; all calendar
// arithmetic on them lives here.
const shanghaiDate = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

export function todayInShanghai(now = new Date()): string {
  return shanghaiDate.format(now);
}

export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** Whole years between a birth date and a day, both 'YYYY-MM-DD'. */
export function ageOn(birthDate: string, onDate: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = onDate.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** The latest birth date of someone who is at least `years` old on `onDate`. */
export function bornOnOrBefore(years: number, onDate: string): string {
  const [y, m, d] = onDate.split('-').map(Number) as [number, number, number];
  // 29 February birthdays count from 1 March in non-leap years; Date.UTC rolls over the same way.
  const date = new Date(Date.UTC(y - years, m - 1, d));
  return date.toISOString().slice(0, 10);
}

const parts = (date: string) => date.split('-').map(Number) as [number, number, number];
const fmt = (d: Date) => d.toISOString().slice(0, 10);

/**
 * The anniversary `years` after `date`: "served N full years" is due on that day. A 29 February
 * start rolls to 1 March in non-leap years, as `Date.UTC` and `bornOnOrBefore` do.
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

/** The calendar month before a month ('YYYY-MM') or a day's month ('YYYY-MM-DD'), as 'YYYY-MM'. */
export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return fmt(new Date(Date.UTC(y, m - 2, 1))).slice(0, 7);
}

/** Whole years from `from` to `to` (a person hired on 2022-03-01 has served 2 years on 2024-03-01). */
export const fullYearsBetween = ageOn;
