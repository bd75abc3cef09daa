// 老人码: a stable opaque code, not derived from the ID number, printable and easy to read aloud.
import { randomBytes } from 'node:crypto';

// Crockford base32: no I, L, O, U, so codes survive being read over the phone.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function encode(bytes: Uint8Array, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[bytes[i]! % 32];
  return out;
}

/** `YY` + 10 characters + a mod-32 check character. */
export function newElderCode(random: () => number = Math.random, secure = true): string {
  const bytes = secure ? randomBytes(10) : Uint8Array.from({ length: 10 }, () => Math.floor(random() * 256));
  const body = encode(bytes, 10);
  return `YY${body}${checkChar(body)}`;
}

export function checkChar(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += ALPHABET.indexOf(body[i]!) * (i + 1);
  return ALPHABET[sum % 32]!;
}

export function isElderCode(code: string): boolean {
  return /^YY[0-9A-HJKMNP-TV-Z]{11}$/.test(code) && checkChar(code.slice(2, 12)) === code[12];
}
