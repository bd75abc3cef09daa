// Institution staffing checks (REQUIREMENTS.md §I, 001 专栏6): social worker and nurse from 100
// residents, rehab staff by star level. Rules are data (staffing-rules.json); the check is pure.
import { readFileSync } from 'node:fs';
import type { Db, UseCaseContext } from '../identity/context.js';
import { employerFor } from './access.js';
import type { StaffingView } from './schemas.js';
import type { JobRole } from './vocabulary.js';

export interface StaffingRule {
  code: string;
  when: { minResidents?: number; minStar?: number };
  roles: JobRole[];
  min: number;
  message: string;
}

interface RuleFile {
  version: string;
  source: string;
  rules: StaffingRule[];
}

export const STAFFING_RULES: RuleFile = JSON.parse(
  readFileSync(new URL('./staffing-rules.json', import.meta.url), 'utf8'),
);

export interface StaffingWarning {
  code: string;
  message: string;
  source: string;
}

/** Warnings for one institution from its staff counts by role, residents and current star. */
export function staffingChecks(
  counts: Partial<Record<JobRole, number>>,
  facts: { residents: number; star: number | null },
  file: RuleFile = STAFFING_RULES,
): StaffingWarning[] {
  const out: StaffingWarning[] = [];
  for (const rule of file.rules) {
    if (rule.when.minResidents != null && facts.residents < rule.when.minResidents) continue;
    if (rule.when.minStar != null && (facts.star ?? 0) < rule.when.minStar) continue;
    const have = rule.roles.reduce((sum, r) => sum + (counts[r] ?? 0), 0);
    if (have >= rule.min) continue;
    const message = rule.message.replace(/\{(\w+)\}/g, (_, k: string) =>
      String({ residents: facts.residents, star: facts.star ?? 0, have }[k] ?? ''),
    );
    out.push({ code: rule.code, message, source: `${file.source}（${file.version}）` });
  }
  return out;
}

/** Current staff (open employments) of each organisation by job role. */
export async function staffCounts(
  db: Db,
  organisationIds: number[],
): Promise<Map<number, Partial<Record<JobRole, number>>>> {
  const out = new Map<number, Partial<Record<JobRole, number>>>();
  if (!organisationIds.length) return out;
  const rows = await db
    .selectFrom('employments')
    .select(['organisation_id', 'job_role', (eb) => eb.fn.countAll<number>().as('n')])
    .where('organisation_id', 'in', organisationIds)
    .where('left_on', 'is', null)
    .groupBy(['organisation_id', 'job_role'])
    .execute();
  for (const r of rows) {
    const m = out.get(r.organisation_id) ?? {};
    m[r.job_role as JobRole] = Number(r.n);
    out.set(r.organisation_id, m);
  }
  return out;
}

/** The institutions domain calls this for the warnings on an institution's page. */
export async function staffingWarnings(
  db: Db,
  org: { id: number; residents: number; star: number | null },
): Promise<StaffingWarning[]> {
  const counts = (await staffCounts(db, [org.id])).get(org.id) ?? {};
  return staffingChecks(counts, org);
}

/**
 * What the staffing checks need of an institution: residents now and the star level in force. A
 * read-only look at the institutions' tables, so this domain does not depend on that one.
 */
export async function institutionFacts(
  db: Db,
  organisationId: number,
  today: string,
): Promise<{ residents: number; star: number | null }> {
  const [residents, star] = await Promise.all([
    db
      .selectFrom('residencies')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('organisation_id', '=', organisationId)
      .where('discharged_on', 'is', null)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('institution_star_ratings')
      .select(['star', 'valid_until'])
      .where('organisation_id', '=', organisationId)
      .where('evaluated_on', '<=', today)
      .orderBy('evaluated_on', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst(),
  ]);
  // The latest rating counts only while it is valid, as on the institution's own page.
  return { residents: Number(residents.n), star: star && star.valid_until >= today ? Number(star.star) : null };
}

/** An organisation's staff by role and, for an institution, its staffing warnings (001 专栏6). */
export async function organisationStaffing(ctx: UseCaseContext, organisationId: number): Promise<StaffingView> {
  const org = await employerFor(ctx.db, ctx.actor, organisationId);
  const counts = (await staffCounts(ctx.db, [org.id])).get(org.id) ?? {};
  if (org.kind !== 'institution') return { organisationId: org.id, counts, warnings: [] };
  const facts = await institutionFacts(ctx.db, org.id, ctx.today);
  return { organisationId: org.id, counts, ...facts, warnings: staffingChecks(counts, facts) };
}
