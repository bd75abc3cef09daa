// Unique ID numbers without a lookup per elder: one counter per (address code, birth date, sex),
// turned into the 3-digit sequence (odd for men, even for women) from a per-key offset, so
// numbers look scattered yet never repeat while fewer than 499 people share a key.
import { makeCitizenId } from '../../lib/citizen-id.js';
import { hash01 } from './places.js';

const DAY_MS = 86_400_000;
const FIRST_DAY = Date.UTC(1915, 0, 1) / DAY_MS;
const DAYS = Math.ceil(Date.UTC(1971, 0, 1) / DAY_MS - FIRST_DAY);
const SLOTS = 499;

export class IdSequences {
  private readonly counts: Uint16Array;
  private readonly codeIndex: Map<string, number>;

  constructor(addressCodes: readonly string[]) {
    this.codeIndex = new Map(addressCodes.map((c, i) => [c, i]));
    // ~1.6 MB for two dozen codes: small enough to keep for the whole run.
    this.counts = new Uint16Array(addressCodes.length * DAYS * 2);
  }

  private key(addressCode: string, birthDate: string, sex: 'M' | 'F'): number {
    const code = this.codeIndex.get(addressCode);
    const day =
      Date.UTC(Number(birthDate.slice(0, 4)), Number(birthDate.slice(5, 7)) - 1, Number(birthDate.slice(8, 10))) /
        DAY_MS -
      FIRST_DAY;
    if (code === undefined || day < 0 || day >= DAYS) return -1;
    return (code * DAYS + day) * 2 + (sex === 'M' ? 1 : 0);
  }

  /** The next unused ID number for this person. */
  next(addressCode: string, birthDate: string, sex: 'M' | 'F'): string {
    const k = this.key(addressCode, birthDate, sex);
    if (k < 0) throw new Error(`no ID sequence for ${addressCode} ${birthDate}`);
    const used = this.counts[k]!;
    if (used >= SLOTS) throw new Error(`more than ${SLOTS} people share ${addressCode} ${birthDate} ${sex}`);
    this.counts[k] = used + 1;
    const slot = 1 + ((Math.floor(hash01(`${addressCode}${birthDate}`) * SLOTS) + used) % SLOTS);
    return makeCitizenId(addressCode, birthDate, sex === 'M' ? 2 * slot - 1 : 2 * slot);
  }

  /** Counts numbers already in the database (other runs, registered elders) so they are not reissued. */
  noteExisting(addressCode: string, birthDate: string, sex: 'M' | 'F', n: number): void {
    const k = this.key(addressCode, birthDate, sex);
    if (k >= 0) this.counts[k] = Math.min(SLOTS, this.counts[k]! + n);
  }
}
