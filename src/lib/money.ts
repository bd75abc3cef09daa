// Money is integer fen (分) everywhere; this is the one place that turns it into text.
export type Fen = number;

export function yuanToFen(yuan: number): Fen {
  const fen = Math.round(yuan * 100);
  if (!Number.isSafeInteger(fen)) throw new RangeError(`amount ${yuan} yuan is out of range`);
  return fen;
}

export function formatFen(fen: Fen): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = Math.trunc(abs / 100).toLocaleString('en-US');
  return `${sign}¥${yuan}.${String(abs % 100).padStart(2, '0')}`;
}
