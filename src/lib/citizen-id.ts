// GB 11643-1999 citizen identity numbers: 6-digit address code, birth date, sequence, check char.
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

export type CitizenIdProblem = 'format' | 'birth_date' | 'check_digit';

export interface CitizenId {
  addressCode: string;
  birthDate: string; // YYYY-MM-DD
  sex: 'M' | 'F';
}

export function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/** Parses an ID number; returns the problem instead of throwing so callers can name the rule. */
export function parseCitizenId(raw: string, today = new Date()): CitizenId | { problem: CitizenIdProblem } {
  const id = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return { problem: 'format' };
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  const realDate = date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  if (!realDate || y < 1850 || date.getTime() > today.getTime()) return { problem: 'birth_date' };
  if (checkCharacter(id.slice(0, 17)) !== id[17]) return { problem: 'check_digit' };
  return {
    addressCode: id.slice(0, 6),
    birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`,
    sex: Number(id[16]) % 2 === 1 ? 'M' : 'F',
  };
}

export function normaliseCitizenId(raw: string): string {
  return raw.trim().toUpperCase();
}

/**
 * `3301************34`: enough to tell records apart, not enough to use. The birth date (digits
 * 7–14) and most of the sequence stay hidden, and masked views show age, not the birth date, so
 * the candidates for one masked number run to thousands: too many to try by exact-number search.
 */
export function maskCitizenId(id: string): string {
  return id.length === 18 ? `${id.slice(0, 4)}************${id.slice(16)}` : '*'.repeat(id.length);
}

/** Builds a valid ID number (demo data, tests). */
export function makeCitizenId(addressCode: string, birthDate: string, sequence: number): string {
  const first17 = `${addressCode}${birthDate.replaceAll('-', '')}${String(sequence).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
}
