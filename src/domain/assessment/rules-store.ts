// Rules versions in the database: which one is active, loading one by name, and activating a new
// one, which re-derives every signed assessment's level set-based (one INSERT … SELECT).
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../lib/errors.js';
import { recordAudit } from '../identity/audit.js';
import { inTransaction, type UseCaseContext } from '../identity/context.js';
import { hasRole } from '../identity/scope.js';
import { checkRules, type LevelRules } from './rules.js';
import type { RulesVersionView } from './view-schemas.js';

type Db = Kysely<DB> | Transaction<DB>;

const parse = (rules: unknown): LevelRules => (typeof rules === 'string' ? JSON.parse(rules) : rules) as LevelRules;

export async function activeRules(db: Db): Promise<LevelRules> {
  const row = await db
    .selectFrom('assessment_rule_versions')
    .select('rules')
    .where('active', '=', true)
    .executeTakeFirstOrThrow();
  return parse(row.rules);
}

export async function rulesByVersion(db: Db, version: string): Promise<LevelRules> {
  const row = await db
    .selectFrom('assessment_rule_versions')
    .select('rules')
    .where('version', '=', version)
    .executeTakeFirst();
  if (!row) throw new AppError('assessment_rules_unknown', { version }, 'rulesVersion');
  return parse(row.rules);
}

export async function listRules(db: Db): Promise<RulesVersionView[]> {
  const rows = await db
    .selectFrom('assessment_rule_versions')
    .select(['version', 'rules', 'source', 'active', 'activated_at', 'created_at'])
    .orderBy('created_at')
    .execute();
  return rows.map((r) => ({
    version: r.version,
    rules: parse(r.rules),
    source: r.source,
    active: r.active,
    activatedAt: r.activated_at?.toISOString() ?? null,
  }));
}

/** `a.diagnoses` holds an ICD-10 code within one of the ranges (an empty array short-cuts the test). */
function diagnosisIn(ranges: LevelRules['raise']['diagnosisRanges']) {
  if (!ranges.length) return sql<boolean>`false`;
  const within = sql.join(
    ranges.map((r) => sql`upper(substr(d.code, 1, 3)) BETWEEN ${r.from}::text AND ${r.to}::text`),
    sql` OR `,
  );
  return sql<boolean>`(cardinality(a.diagnoses) > 0 AND EXISTS (SELECT 1 FROM unnest(a.diagnoses) AS d(code) WHERE ${within}))`;
}

/**
 * Writes the levels of signed assessments under `version`, set-based, mirroring `scoreAssessment`
 * in SQL (a test compares the two on random forms). The version's rules are read from its row and
 * turned into plain expressions (a CASE over the bands, range tests over the diagnoses), so the
 * statement is one scan of the assessments with no joins to the rules. Rows already derived are
 * left alone, so a re-run after an interruption finishes the job. Returns the rows written.
 */
export async function deriveLevels(db: Db, version: string, options: { elderId?: number } = {}): Promise<number> {
  const rules = await rulesByVersion(db, version);
  const int = (n: number) => sql`${n}::int`;
  const prelim = sql`CASE ${sql.join(
    rules.bands.map((b) => sql`WHEN a.total BETWEEN ${int(b.min)} AND ${int(b.max)} THEN ${int(b.level)}`),
    sql` `,
  )} END`;
  const risks = [
    sql`a.risk_fall`,
    sql`a.risk_wandering`,
    sql`a.risk_choking`,
    sql`a.risk_self_harm`,
    sql`a.risk_other`,
  ];
  const events =
    rules.raise.riskEventCounting === 'per_kind' ? sql`GREATEST(${sql.join(risks)})` : sql.join(risks, sql` + `);
  const result = await sql<{ n: number }>`
    WITH scored AS (
      SELECT a.id, a.elder_id, a.district_code, a.coma, ${prelim} AS prelim,
        ${diagnosisIn(rules.raise.diagnosisRanges.filter((r) => r.kind === 'dementia'))} AS dementia,
        ${diagnosisIn(rules.raise.diagnosisRanges.filter((r) => r.kind === 'psychiatric'))} AS psychiatric,
        ${events} >= ${int(rules.raise.riskEventThreshold)} AS events
      FROM assessments a
      WHERE a.status = 'signed'
        ${options.elderId != null ? sql`AND a.elder_id = ${options.elderId}` : sql``}
        AND NOT EXISTS (SELECT 1 FROM assessment_levels l WHERE l.assessment_id = a.id AND l.rules_version = ${version})
    ),
    ins AS (
      INSERT INTO assessment_levels (assessment_id, rules_version, elder_id, district_code, preliminary_level, final_level, reason_codes)
      SELECT id, ${version}, elder_id, district_code, prelim,
        CASE WHEN coma THEN ${int(rules.comaLevel)}
             WHEN dementia OR psychiatric OR events THEN LEAST(prelim + 1, ${int(rules.maxLevel)})
             ELSE prelim END,
        CASE WHEN coma THEN ARRAY['coma']
             ELSE array_remove(ARRAY[
               CASE WHEN dementia THEN 'dementia_diagnosis' END,
               CASE WHEN psychiatric THEN 'psychiatric_diagnosis' END,
               CASE WHEN events THEN 'risk_events' END,
               CASE WHEN dementia OR psychiatric OR events THEN
                 CASE WHEN prelim < ${int(rules.maxLevel)} THEN 'raised_one_level' ELSE 'raise_capped' END END
             ], NULL) END
      FROM scored
      RETURNING 1
    )
    SELECT count(*)::int AS n FROM ins`.execute(db);
  return result.rows[0]?.n ?? 0;
}

/** City administrators add a rules version; activating it re-derives all signed levels in the same transaction. */
export async function addRulesVersion(
  ctx: UseCaseContext,
  rules: LevelRules,
  options: { activate: boolean; source?: string | null },
): Promise<{ version: string; derived: number }> {
  const { db, actor } = ctx;
  if (!hasRole(actor, ['city_admin'])) throw new AppError('forbidden');
  const problems = checkRules(rules);
  if (problems.length)
    throw new AppError('assessment_rules_invalid', { detail: problems.slice(0, 3).join('; ') }, 'rules');
  return db.transaction().execute(async (tx) => {
    const inserted = await tx
      .insertInto('assessment_rule_versions')
      .values({
        version: rules.version,
        standard: rules.standard,
        rules: JSON.stringify(rules),
        source: options.source ?? null,
        created_by: actor.userId,
      })
      .onConflict((oc) => oc.column('version').doNothing())
      .returning('version')
      .executeTakeFirst();
    if (!inserted) throw new AppError('assessment_rules_exists', { version: rules.version }, 'version');
    let derived = 0;
    if (options.activate) derived = await activateRules(tx, rules.version);
    await recordAudit(inTransaction(ctx, tx), {
      action: 'create',
      entityType: 'assessment_rules',
      entityId: rules.version,
      detail: { activated: options.activate, derived },
    });
    return { version: rules.version, derived };
  });
}

/** Makes `version` the active one and derives the levels it is missing. Run inside a transaction. */
export async function activateRules(tx: Db, version: string): Promise<number> {
  await tx.updateTable('assessment_rule_versions').set({ active: false }).where('active', '=', true).execute();
  await tx
    .updateTable('assessment_rule_versions')
    .set({ active: true, activated_at: new Date() })
    .where('version', '=', version)
    .execute();
  return deriveLevels(tx, version);
}
