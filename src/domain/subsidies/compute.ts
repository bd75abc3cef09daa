// The preview of a run: one INSERT … SELECT per programme over every district of the run writes
// what each eligible person is due (one row per programme, person and funding share) with the
// rule version that produced it; then one summary row per district with counts, totals and last
// month's posted figures. Rules may differ by district (a county pack overrides the city), so
// the rate tables carry the district and the SQL joins on it.
import { sql, type Transaction } from 'kysely';
import { bulkInsert } from '../../db/bulk.js';
import type { DB } from '../../db/schema.js';
import { bornOnOrBefore, monthEnd, monthStart, previousMonth } from '../../lib/dates.js';
import { scopeLevels } from './levels.js';
import { bedNursingRate, GENERAL_RANK, inclusiveRates, institutionalRates, versionFor } from './rates.js';
import type { ProgrammeSummary } from './tables.js';
import type { DueRow } from './workforce-due.js';

type Tx = Transaction<DB>;

export const MONTHLY_PROGRAMMES = [
  'inclusiveCareSubsidy.monthly',
  'institutionalCare.nursingSubsidy',
  'homeCareBed.monthlyNursing',
];

export interface RunContext {
  runId: number;
  month: string;
  districts: string[];
  knownAt: Date;
}

/** Programme → district → why nothing was computed there (no version in force). */
type Notes = Map<string, Map<string, string>>;

const noteOf = (notes: Notes, programme: string, district: string) => {
  if (!notes.has(programme)) notes.set(programme, new Map());
  notes.get(programme)!.set(district, 'no rule in force');
};

/** Elders registered in the run's districts and not archived before the month began. */
const activeElders = (c: RunContext) => sql`
  SELECT e.id, e.district_code, e.community_code, e.birth_date FROM elders e
  WHERE e.district_code = ANY(${c.districts}::text[]) AND (e.archived_on IS NULL OR e.archived_on >= ${monthStart(c.month)}::date)`;

const ITEM_COLUMNS = sql`run_id, district_code, programme, beneficiary_type, beneficiary_id, payer, jurisdiction_code, amount_fen, policy_version_id, subject`;

async function inclusive(tx: Tx, c: RunContext, notes: Notes): Promise<void> {
  const start = monthStart(c.month);
  const tiers: { district: string; tier: string; rank: number }[] = [];
  const rates: { district: string; level: number; rank: number; amount: number; version: number }[] = [];
  for (const district of c.districts) {
    const row = await versionFor(tx, 'inclusiveCareSubsidy.monthly', district, start, c.knownAt);
    if (!row) {
      noteOf(notes, 'inclusiveCareSubsidy.monthly', district);
      continue;
    }
    const r = inclusiveRates(row, start);
    tiers.push(...r.tiers.map((t) => ({ district, ...t })));
    rates.push(
      ...r.rates.map((x) => ({ district, level: x.level, rank: x.rank, amount: x.amountFen, version: row.id })),
    );
  }
  if (!rates.length) return;
  const aged = bornOnOrBefore(80, start);
  const advanced = tiers.filter((t) => t.tier === 'advanced_age');
  // The best status tier per elder: the lowest rank among their flags in force on the 1st (and
  // 高龄, derived from the birth date); none listed = the general tier.
  await sql`
    INSERT INTO subsidy_run_items (${ITEM_COLUMNS})
    SELECT ${c.runId}, e.district_code, 'inclusiveCareSubsidy.monthly', 'elder', e.id, 'district', e.community_code, r.amount, r.version,
           ${`ics:${c.month}:e`} || e.id
    FROM (${activeElders(c)}) e
    JOIN (${scopeLevels(tx, c.districts)}) l ON l.elder_id = e.id
    LEFT JOIN (
      SELECT f.elder_id, min(t.rank) AS rank
      FROM elder_status_flags f
      JOIN elders fe ON fe.id = f.elder_id AND fe.district_code = ANY(${c.districts}::text[])
      JOIN unnest(${tiers.map((t) => t.district)}::text[], ${tiers.map((t) => t.tier)}::text[], ${tiers.map((t) => t.rank)}::int[]) AS t(district, tier, rank)
        ON t.tier = f.flag AND t.district = fe.district_code
      WHERE f.effective_from <= ${start}::date AND (f.effective_to IS NULL OR f.effective_to >= ${start}::date)
      GROUP BY f.elder_id
    ) s ON s.elder_id = e.id
    LEFT JOIN unnest(${advanced.map((t) => t.district)}::text[], ${advanced.map((t) => t.rank)}::int[]) AS adv(district, rank)
      ON adv.district = e.district_code AND e.birth_date <= ${aged}::date
    JOIN unnest(${rates.map((r) => r.district)}::text[], ${rates.map((r) => r.level)}::int[], ${rates.map((r) => r.rank)}::int[],
                ${rates.map((r) => r.amount)}::bigint[], ${rates.map((r) => r.version)}::bigint[]) AS r(district, level, rank, amount, version)
      ON r.district = e.district_code AND r.level = l.level
     AND r.rank = least(coalesce(s.rank, ${GENERAL_RANK}::int), coalesce(adv.rank, ${GENERAL_RANK}::int))`.execute(tx);
}

/** Elders with an enrolment in a programme open at some point of the month. */
const enrolled = (c: RunContext, programme: string) => sql`
  SELECT n.elder_id, n.facts FROM subsidy_enrolments n
  WHERE n.programme = ${programme} AND n.district_code = ANY(${c.districts}::text[])
    AND n.effective_from <= ${monthEnd(c.month)}::date AND (n.effective_to IS NULL OR n.effective_to >= ${monthStart(c.month)}::date)`;

async function institutional(tx: Tx, c: RunContext, notes: Notes): Promise<void> {
  const start = monthStart(c.month);
  const rates: {
    district: string;
    level: number;
    ft: boolean;
    med: boolean;
    itype: string;
    amount: number;
    version: number;
  }[] = [];
  for (const district of c.districts) {
    const row = await versionFor(tx, 'institutionalCare.nursingSubsidy', district, start, c.knownAt);
    if (!row) noteOf(notes, 'institutionalCare.nursingSubsidy', district);
    else
      rates.push(
        ...institutionalRates(row, start).map((r) => ({
          district,
          level: r.level,
          ft: r.fullTimeCare,
          med: r.medicalIntegrationFunded,
          itype: r.institutionType,
          amount: r.amountFen,
          version: row.id,
        })),
      );
  }
  if (!rates.length) return;
  await sql`
    INSERT INTO subsidy_run_items (${ITEM_COLUMNS})
    SELECT ${c.runId}, e.district_code, 'institutionalCare.nursingSubsidy', 'elder', e.id, 'district', e.community_code, r.amount, r.version,
           ${`ins:${c.month}:e`} || e.id
    FROM (${enrolled(c, 'institutionalCare.nursingSubsidy')}) n
    JOIN (${activeElders(c)}) e ON e.id = n.elder_id
    JOIN (${scopeLevels(tx, c.districts)}) l ON l.elder_id = e.id
    JOIN unnest(${rates.map((r) => r.district)}::text[], ${rates.map((r) => r.level)}::int[], ${rates.map((r) => r.ft)}::bool[], ${rates.map((r) => r.med)}::bool[],
                ${rates.map((r) => r.itype)}::text[], ${rates.map((r) => r.amount)}::bigint[], ${rates.map((r) => r.version)}::bigint[])
         AS r(district, level, full_time, medical, itype, amount, version)
      ON r.district = e.district_code AND r.level = l.level AND r.full_time = (n.facts->>'fullTimeCare')::boolean
     AND r.medical = (n.facts->>'medicalIntegrationFunded')::boolean AND r.itype = coalesce(n.facts->>'institutionType', '')`.execute(
    tx,
  );
}

async function bedNursing(tx: Tx, c: RunContext, notes: Notes): Promise<void> {
  const start = monthStart(c.month);
  const rates: { district: string; amount: number; version: number }[] = [];
  for (const district of c.districts) {
    const row = await versionFor(tx, 'homeCareBed.monthlyNursing', district, start, c.knownAt);
    if (!row) noteOf(notes, 'homeCareBed.monthlyNursing', district);
    else if (bedNursingRate(row, start) > 0)
      rates.push({ district, amount: bedNursingRate(row, start), version: row.id });
  }
  if (!rates.length) return;
  await sql`
    INSERT INTO subsidy_run_items (${ITEM_COLUMNS})
    SELECT ${c.runId}, e.district_code, 'homeCareBed.monthlyNursing', 'elder', e.id, 'district', e.community_code, r.amount, r.version,
           ${`hbn:${c.month}:e`} || e.id
    FROM (${enrolled(c, 'homeCareBed.monthlyNursing')}) n
    JOIN (${activeElders(c)}) e ON e.id = n.elder_id
    JOIN unnest(${rates.map((r) => r.district)}::text[], ${rates.map((r) => r.amount)}::bigint[], ${rates.map((r) => r.version)}::bigint[]) AS r(district, amount, version)
      ON r.district = e.district_code`.execute(tx);
}

/** One-off grants due by the month's end and not yet paid (the ledger key says whether). */
async function awards(tx: Tx, c: RunContext): Promise<void> {
  await sql`
    INSERT INTO subsidy_run_items (${ITEM_COLUMNS})
    SELECT ${c.runId}, a.district_code, a.programme, 'organisation', a.organisation_id, 'district', o.jurisdiction_code, a.amount_fen, a.policy_version_id, 'award:' || a.id
    FROM subsidy_awards a JOIN organisations o ON o.id = a.organisation_id
    WHERE a.district_code = ANY(${c.districts}::text[]) AND a.due_on <= ${monthEnd(c.month)}::date
      AND NOT EXISTS (SELECT 1 FROM ledger_transfers t WHERE t.idempotency_key = 'sys:sub:award:' || a.id || ':d')`.execute(
    tx,
  );
}

async function workforce(tx: Tx, c: RunContext, due: DueRow[]): Promise<void> {
  const rows = due.filter((d) => c.districts.includes(d.districtCode));
  const col = (name: string, type: 'text' | 'bigint', value: (r: DueRow) => unknown) => ({ name, type, value });
  await bulkInsert(
    tx,
    'subsidy_run_items',
    [
      col('run_id', 'bigint', () => c.runId),
      col('district_code', 'text', (r) => r.districtCode),
      col('programme', 'text', (r) => r.programme),
      col('beneficiary_type', 'text', () => 'caregiver'),
      col('beneficiary_id', 'bigint', (r) => r.workerId),
      col('payer', 'text', (r) => r.payer),
      col('jurisdiction_code', 'text', (r) => r.districtCode),
      col('amount_fen', 'bigint', (r) => r.amountFen),
      col('policy_version_id', 'bigint', (r) => r.policyVersionId),
      col('subject', 'text', (r) => r.subject),
    ],
    rows,
  );
}

/** What was posted last month, per district and programme (from that month's posted runs). */
async function previousFigures(
  tx: Tx,
  c: RunContext,
): Promise<Map<string, Map<string, { count: number; totalFen: number }>>> {
  const rows = await tx
    .selectFrom('subsidy_run_districts as d')
    .innerJoin('subsidy_runs as r', 'r.id', 'd.run_id')
    .select(['d.district_code', 'd.by_programme'])
    .where('r.month', '=', previousMonth(c.month))
    .where('d.district_code', 'in', c.districts)
    .where('d.posted_at', 'is not', null)
    .execute();
  const out = new Map<string, Map<string, { count: number; totalFen: number }>>();
  for (const r of rows) {
    const byProgramme = out.get(r.district_code) ?? new Map();
    out.set(r.district_code, byProgramme);
    for (const p of r.by_programme) {
      const prev = byProgramme.get(p.programme) ?? { count: 0, totalFen: 0 };
      byProgramme.set(p.programme, { count: prev.count + p.count, totalFen: prev.totalFen + p.totalFen });
    }
  }
  return out;
}

/** Computes and stores the whole preview of a run, in the caller's transaction. */
export async function computeRun(tx: Tx, c: RunContext, due: DueRow[], step?: (name: string) => void): Promise<void> {
  const notes: Notes = new Map();
  await inclusive(tx, c, notes);
  step?.('inclusiveCareSubsidy.monthly');
  await institutional(tx, c, notes);
  step?.('institutionalCare.nursingSubsidy');
  await bedNursing(tx, c, notes);
  step?.('homeCareBed.monthlyNursing');
  await awards(tx, c);
  await workforce(tx, c, due);
  step?.('grants and instalments');
  const totals = await sql<{ district_code: string; programme: string; n: number; total: number }>`
    SELECT district_code, programme, count(DISTINCT subject)::bigint AS n, sum(amount_fen)::bigint AS total
    FROM subsidy_run_items WHERE run_id = ${c.runId} GROUP BY district_code, programme`.execute(tx);
  const previous = await previousFigures(tx, c);
  const rows = c.districts.map((district) => {
    const now = totals.rows.filter((r) => r.district_code === district);
    const prev = previous.get(district) ?? new Map();
    const programmes = new Set([...MONTHLY_PROGRAMMES, ...now.map((r) => r.programme), ...prev.keys()]);
    const summary: ProgrammeSummary[] = [...programmes].map((programme) => {
      const n = now.find((r) => r.programme === programme);
      const p = prev.get(programme);
      const note = notes.get(programme)?.get(district);
      return {
        programme,
        count: Number(n?.n ?? 0),
        totalFen: Number(n?.total ?? 0),
        previousCount: p?.count ?? 0,
        previousTotalFen: p?.totalFen ?? 0,
        ...(note ? { note } : {}),
      };
    });
    const sum = (k: 'count' | 'totalFen' | 'previousCount' | 'previousTotalFen') =>
      summary.reduce((s, p) => s + p[k], 0);
    return {
      run_id: c.runId,
      district_code: district,
      item_count: sum('count'),
      total_fen: sum('totalFen'),
      previous_count: sum('previousCount'),
      previous_total_fen: sum('previousTotalFen'),
      by_programme: JSON.stringify(summary) as never,
    };
  });
  if (rows.length) await tx.insertInto('subsidy_run_districts').values(rows).execute();
}
