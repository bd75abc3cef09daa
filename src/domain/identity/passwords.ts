// Password hashing with Node's scrypt; verification in constant time.
import { randomBytes, type ScryptOptions, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../lib/errors.js';

const scrypt = (password: string, salt: Buffer, keylen: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    scryptCb(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))),
  );

const N = 16384;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;

export const DEMO_PASSWORD = 'yiyang-demo';

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEY_LENGTH, { N, r: R, p: P });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, saltB64, keyB64] = stored.split('$');
  if (scheme !== 'scrypt' || !saltB64 || !keyB64) return false;
  const expected = Buffer.from(keyB64, 'base64');
  const actual = await scrypt(password, Buffer.from(saltB64, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return timingSafeEqual(actual, expected);
}

/** A rule a person can remember: 10+ characters with letters and digits. */
export function isStrongEnough(password: string): boolean {
  return password.length >= 10 && /[A-Za-z]/.test(password) && /\d/.test(password) && password !== DEMO_PASSWORD;
}

// Passwords people pick first, and the ones guessers therefore try first (leaked-password top
// lists, Chinese favourites, this platform's own name). Many already fail the length or the
// letters-and-digits rule; they stay here so the list holds even if that rule is relaxed.
const COMMON_PASSWORDS = new Set([
  '123456',
  '123456789',
  '12345678',
  '1234567890',
  '12345678910',
  '0123456789',
  '0987654321',
  '9876543210',
  '1111111111',
  '11111111111',
  '0000000000',
  '00000000000',
  '8888888888',
  '6666666666',
  '5201314520',
  '1314520520',
  'password',
  'password1',
  'password12',
  'password123',
  'password1234',
  'password2024',
  'password2025',
  'password2026',
  'passw0rd123',
  'p@ssw0rd123',
  'p@ssword123',
  'pass123456',
  'pass1234567',
  'password!1',
  'password01',
  'qwertyuiop',
  'qwerty123',
  'qwerty1234',
  'qwerty12345',
  'qwerty123456',
  'qwertyuiop1',
  'qwertyuiop123',
  'qwer123456',
  'qwe1234567',
  'qweasdzxc1',
  'qweasdzxc123',
  'qazwsx1234',
  'qazwsxedc1',
  'qazwsxedc123',
  '1qaz2wsx3edc',
  '1qaz2wsx3e',
  'zaq12wsxcde3',
  '1q2w3e4r5t',
  '1q2w3e4r5t6y',
  'q1w2e3r4t5',
  'q1w2e3r4t5y6',
  'asdfghjkl1',
  'asdf123456',
  'asd1234567',
  'zxcvbnm123',
  'zxcvbnm1234',
  'asdfghjkl123',
  '1234qwer!@',
  'abc1234567',
  'abc123456789',
  'abcd123456',
  'abcd1234567',
  'abcde12345',
  'a123456789',
  'a1234567890',
  'aa123456789',
  'aa12345678',
  'a1b2c3d4e5',
  '123456789a',
  '1234567890a',
  '123456789q',
  '123456abc1',
  '12345abcde',
  '1234567890q',
  'qq123456789',
  'qq1234567890',
  'woaini1314',
  'woaini520',
  'woaini123456',
  'woaini1314520',
  '5201314woaini',
  'iloveyou123',
  'iloveyou1314',
  'iloveyou12',
  'admin12345',
  'admin123456',
  'admin1234567',
  'administrator1',
  'root123456',
  'welcome123',
  'welcome1234',
  'changeme123',
  'letmein123',
  'test123456',
  'test1234567',
  'user123456',
  'guest123456',
  'china123456',
  'hangzhou123',
  'hangzhou2026',
  'zhejiang123',
  'yiyang123',
  'yiyang1234',
  'yiyang12345',
  'yiyang123456',
  'yiyang2024',
  'yiyang2025',
  'yiyang2026',
  'yiyang-2026',
  'yiyang@2026',
  'yiyang-admin1',
  DEMO_PASSWORD,
]);

/** Why a new password is refused (an error code of the catalogue), or null when it may be used. */
export type PasswordRefusal = 'weak_password' | 'password_common' | 'password_contains_username' | 'password_reused';

/**
 * The rules for a password a person chooses (an account created by an administrator, a reset, a
 * change). `previous` is the password being replaced, when known in clear (a change checks it
 * before this).
 */
export function passwordRefusal(
  password: string,
  context: { username: string; previous?: string | null },
): PasswordRefusal | null {
  if (!isStrongEnough(password)) return 'weak_password';
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower)) return 'password_common';
  // A two-letter name (the schema allows them) would refuse too much ordinary text.
  const name = context.username.trim().toLowerCase();
  if (name.length >= 3 && lower.includes(name)) return 'password_contains_username';
  if (context.previous != null && password === context.previous) return 'password_reused';
  return null;
}

/** Refuses a new password that breaks a rule, naming the rule on `field`. */
export async function assertNewPassword(
  password: string,
  context: { username: string; previous?: string | null; previousHash?: string | null },
  field: string,
): Promise<void> {
  let refusal = passwordRefusal(password, context);
  // A reset knows only the stored hash of the password it replaces.
  if (!refusal && context.previousHash && (await verifyPassword(password, context.previousHash)))
    refusal = 'password_reused';
  if (refusal) throw new AppError(refusal, {}, field);
}
