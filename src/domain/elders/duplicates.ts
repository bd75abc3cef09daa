// An ID number that is already registered, met while registering, editing or importing. Inside the
// caller's reach the answer is the usual "already registered" (they can look the record up). Outside
// it the answer only says "registered elsewhere: ask the city for a record transfer", with no name,
// district or id and the same whatever state the record is in, so the check does not tell who lives
// where. Each such hit is audited (with the number masked) and counted per user; past the limit the
// caller gets 429 instead of answers, so the registry cannot be probed number by number.
import type { Kysely } from 'kysely';
import { RateLimit } from '../../db/rate-limits.js';
import type { DB } from '../../db/schema.js';
import { maskCitizenId } from '../../lib/citizen-id.js';
import { AppError } from '../../lib/errors.js';
import type { Actor } from '../identity/access.js';
import { recordAudit } from '../identity/audit.js';
import { REGISTRY_WRITERS } from '../identity/permissions.js';
import { visibleElders } from './service.js';

export type DuplicateCode = 'duplicate_id_number' | 'duplicate_id_number_elsewhere';

/** Registered-elsewhere answers one user may get per hour. */
export const ELSEWHERE_HITS_PER_HOUR = 20;
const elsewhereHits = new RateLimit('elder-duplicate-elsewhere', ELSEWHERE_HITS_PER_HOUR, 3_600_000);

const CHUNK = 5000;

/** The ones among `idNumbers` that are registered anywhere (any state, any district). */
export async function registeredIdNumbers(db: Kysely<DB>, idNumbers: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < idNumbers.length; i += CHUNK) {
    const rows = await db
      .selectFrom('elders')
      .select('id_number')
      .where('id_number', 'in', idNumbers.slice(i, i + CHUNK))
      .execute();
    for (const r of rows) found.add(r.id_number);
  }
  return found;
}

/** The district the caller registers for (audit entries are filed under it); null for the city. */
function callerDistrict(actor: Actor): string | null {
  const code = actor.grants.find((g) => REGISTRY_WRITERS.includes(g.role) && g.jurisdictionCode)?.jurisdictionCode;
  return code && code.length >= 6 && !code.slice(0, 6).endsWith('00') ? code.slice(0, 6) : null;
}

export interface DuplicateContext {
  via: 'register' | 'update' | 'import';
  purpose?: string | null;
  /** The import row of each number, for the audit entry. */
  rowOf?: Map<string, number>;
  /**
   * Whether the limit refuses the answer (429). Off only where the answer cannot be withheld any
   * more (rows a concurrent registration took while a partial import was being written).
   */
  enforce?: boolean;
}

/**
 * The answer for each of `idNumbers`, all known to be registered. Must run outside a transaction:
 * the audit entry and the count stay even when the caller's own writes are rolled back.
 */
export async function answerDuplicates(
  db: Kysely<DB>,
  actor: Actor,
  idNumbers: readonly string[],
  context: DuplicateContext,
): Promise<Map<string, DuplicateCode>> {
  const answers = new Map<string, DuplicateCode>();
  if (!idNumbers.length) return answers;
  const visible = new Set<string>();
  for (let i = 0; i < idNumbers.length; i += CHUNK) {
    const rows = await visibleElders(db, actor)
      .select('elders.id_number')
      .where('elders.id_number', 'in', idNumbers.slice(i, i + CHUNK))
      .execute();
    for (const r of rows) visible.add(r.id_number);
  }
  const elsewhere = idNumbers.filter((n) => !visible.has(n));
  for (const n of idNumbers) answers.set(n, visible.has(n) ? 'duplicate_id_number' : 'duplicate_id_number_elsewhere');
  if (!elsewhere.length) return answers;

  // One count per hit, stopping at the first one over the limit.
  let withinLimit = true;
  for (let i = 0; i < elsewhere.length && withinLimit; i++)
    withinLimit = await elsewhereHits.take(db, String(actor.userId));
  const limited = !withinLimit && context.enforce !== false;
  await recordAudit(db, actor, {
    action: context.via === 'update' ? 'update' : 'create',
    entityType: 'elder_duplicate_check',
    districtCode: callerDistrict(actor),
    purpose: context.purpose,
    detail: {
      via: context.via,
      outcome: limited ? 'refused_rate_limit' : 'registered_elsewhere',
      hits: elsewhere.length,
      idNumbers: elsewhere.slice(0, 100).map(maskCitizenId),
      ...(context.rowOf ? { rows: elsewhere.slice(0, 100).map((n) => context.rowOf!.get(n) ?? null) } : {}),
    },
  });
  if (limited) throw new AppError('too_many_requests');
  return answers;
}
