// The monthly run's life: preview (compute every district), approval by a second officer of the
// district or the city (four eyes, within budget), posting to the ledger, and the report. A run
// covers a city or one district for one month; runs never overlap, and each district is
// computed, approved and posted exactly once.
import { type Kysely, sql } from 'kysely';
import { liftStatementTimeout } from '../../db/engine.js';
import type { DB } from '../../db/schema.js';
import { isMonth } from '../../lib/dates.js';
import { AppError } from '../../lib/errors.js';
import { formatFen } from '../../lib/money.js';
import type { Actor } from '../identity/access.js';
import { type AuditEntry, recordAudit } from '../identity/audit.js';
import { type Db, inTransaction, isSystem, type UseCaseContext, userIdOf } from '../identity/context.js';
import { codePrefix, coversCode, prefixesFor } from '../identity/scope.js';
import { LEDGER_ADMINS } from '../ledger/access.js';
import { availableFen } from '../ledger/posting.js';
import { computeRun } from './compute.js';
import { type CrashPoint, cityOf, openPayeeAccounts, postDistrict } from './post.js';
import type { DistrictView, PostedDistrict, PostResult, RunView } from './schemas.js';
import { RUN_INPUTS, refreshStatistics } from './statistics.js';
import { workforceDue } from './workforce-due.js';

export type { DistrictView, PostResult, RunView } from './schemas.js';

/** Progress: the preview reports one step per programme statement, posting one per district. */
export type Progress = (event: { phase: 'compute' | 'post'; label: string; done: number; total: number }) => void;

/** The operator's acts are recorded with no user; an officer's with theirs and the request's purpose. */
const audit = (ctx: UseCaseContext, entry: AuditEntry) =>
  isSystem(ctx) ? recordAudit(ctx.db, null, { ...entry, requestId: ctx.requestId }) : recordAudit(ctx, entry);

/** Whether the caller keeps the books of a place (the operator keeps them all). */
const keepsBooks = (ctx: UseCaseContext, code: string) => isSystem(ctx) || coversCode(ctx.actor, LEDGER_ADMINS, code);

function checkMonth(month: string) {
  if (!isMonth(month)) throw new AppError('invalid_month', { month }, 'month');
}

async function districtsIn(db: Db, code: string): Promise<string[]> {
  const place = await db
    .selectFrom('jurisdictions')
    .select(['code', 'level'])
    .where('code', '=', code)
    .executeTakeFirst();
  if (!place || (place.level !== 'city' && place.level !== 'district'))
    throw new AppError('unknown_jurisdiction', { code }, 'jurisdictionCode');
  if (place.level === 'district') return [code];
  const rows = await db
    .selectFrom('jurisdictions')
    .select('code')
    .where('level', '=', 'district')
    .where('code', 'like', `${codePrefix(code)}%`)
    .orderBy('code')
    .execute();
  return rows.map((r) => r.code);
}

const statusOf = (ds: { approved_at: Date | null; posted_at: Date | null }[]): RunView['status'] => {
  if (ds.length && ds.every((d) => d.posted_at)) return 'posted';
  if (ds.some((d) => d.posted_at)) return 'partly_posted';
  if (ds.length && ds.every((d) => d.approved_at)) return 'approved';
  return ds.some((d) => d.approved_at) ? 'partly_approved' : 'previewed';
};

class DryRunDone extends Error {
  constructor(readonly view: RunView) {
    super('dry run: rolled back');
  }
}

export interface StartInput {
  month: string;
  jurisdictionCode: string;
  /** Compute and show, write nothing. */
  dryRun?: boolean;
}

/**
 * Creates the run for (month, place), or resumes it, and computes its preview unless that is
 * done. A dry run computes everything in a transaction that is rolled back: nothing is written.
 */
export async function startRun(
  ctx: UseCaseContext,
  input: StartInput,
  options: { onProgress?: Progress } = {},
): Promise<RunView> {
  const { month, jurisdictionCode } = input;
  const db = ctx.db as Kysely<DB>;
  checkMonth(month);
  if (!keepsBooks(ctx, jurisdictionCode))
    throw new AppError('outside_jurisdiction', { code: jurisdictionCode }, 'jurisdictionCode');
  const districts = await districtsIn(db, jurisdictionCode);
  await refreshStatistics(db, RUN_INPUTS);
  const steps = 4;
  const report = (done: number, name: string) =>
    options.onProgress?.({ phase: 'compute', label: name, done, total: steps });
  if (input.dryRun) {
    try {
      await db.transaction().execute(async (tx) => {
        await liftStatementTimeout(tx);
        const run = await tx
          .insertInto('subsidy_runs')
          .values({ month, jurisdiction_code: `dry-${jurisdictionCode}`, created_by: userIdOf(ctx) })
          .returningAll()
          .executeTakeFirstOrThrow();
        const due = await workforceDue(db, tx, month, true);
        let done = 0;
        await computeRun(tx, { runId: run.id, month, districts, knownAt: new Date(run.policy_known_at) }, due, (name) =>
          report(++done, name),
        );
        throw new DryRunDone({
          ...(await viewOf(tx, run.id, null)),
          id: null,
          jurisdictionCode,
          dryRun: true,
        });
      });
    } catch (err) {
      if (err instanceof DryRunDone) return err.view;
      throw err;
    }
  }
  let run = await db
    .selectFrom('subsidy_runs')
    .selectAll()
    .where('month', '=', month)
    .where('jurisdiction_code', '=', jurisdictionCode)
    .executeTakeFirst();
  if (!run) {
    const overlapping = await db
      .selectFrom('subsidy_runs')
      .select(['id', 'jurisdiction_code'])
      .where('month', '=', month)
      .where((eb) =>
        eb.or([
          eb('jurisdiction_code', 'like', `${codePrefix(jurisdictionCode)}%`),
          // …or an existing run whose place contains this one (the code-prefix rule of access.ts).
          sql<boolean>`${jurisdictionCode} LIKE (CASE WHEN jurisdiction_code LIKE '%0000' THEN left(jurisdiction_code, 2)
                                                     WHEN jurisdiction_code LIKE '%00' THEN left(jurisdiction_code, 4)
                                                     ELSE jurisdiction_code END || '%')`,
        ]),
      )
      .executeTakeFirst();
    if (overlapping)
      throw new AppError('run_state', {
        status: `already covered by run #${overlapping.id} (${overlapping.jurisdiction_code})`,
        action: 'start another run for the same places',
      });
    run = await db
      .insertInto('subsidy_runs')
      .values({ month, jurisdiction_code: jurisdictionCode, created_by: userIdOf(ctx) })
      .onConflict((oc) => oc.columns(['month', 'jurisdiction_code']).doNothing())
      .returningAll()
      .executeTakeFirst();
    run ??= await db
      .selectFrom('subsidy_runs')
      .selectAll()
      .where('month', '=', month)
      .where('jurisdiction_code', '=', jurisdictionCode)
      .executeTakeFirstOrThrow();
    await audit(ctx, {
      action: 'create',
      entityType: 'subsidy_run',
      entityId: run.id,
      detail: { month, jurisdictionCode },
    });
  }
  const computed = await db
    .selectFrom('subsidy_run_districts')
    .select('district_code')
    .where('run_id', '=', run.id)
    .executeTakeFirst();
  if (!computed) {
    report(0, '');
    const due = await workforceDue(db, db, month, false);
    // The whole preview in one transaction: a crash leaves none of it, and the rerun computes it.
    await db.transaction().execute(async (tx) => {
      await liftStatementTimeout(tx);
      await sql`SELECT pg_advisory_xact_lock(775522, ${run!.id}::int)`.execute(tx);
      const again = await tx
        .selectFrom('subsidy_run_districts')
        .select('district_code')
        .where('run_id', '=', run!.id)
        .executeTakeFirst();
      let done = 0;
      if (again) return;
      await computeRun(tx, { runId: run!.id, month, districts, knownAt: new Date(run!.policy_known_at) }, due, (name) =>
        report(++done, name),
      );
      // Whoever computed the figures may not also approve them.
      await tx
        .updateTable('subsidy_runs')
        .set({ previewed_by: userIdOf(ctx) })
        .where('id', '=', run!.id)
        .execute();
    });
    await refreshStatistics(db, ['subsidy_run_items']);
  }
  return viewOf(db, run.id, null);
}

/** Drops an unposted run's preview and computes it again with the rules and data as they are now. */
export async function recomputeRun(
  ctx: UseCaseContext,
  runId: number,
  options: { onProgress?: Progress } = {},
): Promise<RunView> {
  const db = ctx.db as Kysely<DB>;
  const run = await db.selectFrom('subsidy_runs').selectAll().where('id', '=', runId).executeTakeFirst();
  if (!run || !keepsBooks(ctx, run.jurisdiction_code)) throw new AppError('not_found');
  await db.transaction().execute(async (tx) => {
    await sql`SELECT pg_advisory_xact_lock(775522, ${runId}::int)`.execute(tx);
    const posted = await tx
      .selectFrom('subsidy_run_districts')
      .select('district_code')
      .where('run_id', '=', runId)
      .where('posted_at', 'is not', null)
      .executeTakeFirst();
    if (posted) throw new AppError('run_state', { status: 'partly posted', action: 'recompute' });
    await tx.deleteFrom('subsidy_run_items').where('run_id', '=', runId).execute();
    await tx.deleteFrom('subsidy_run_districts').where('run_id', '=', runId).execute();
    await tx
      .updateTable('subsidy_runs')
      .set({ policy_known_at: ctx.now, previewed_by: null })
      .where('id', '=', runId)
      .execute();
  });
  await audit(ctx, {
    action: 'update',
    entityType: 'subsidy_run',
    entityId: runId,
    detail: { recompute: true },
  });
  return startRun(ctx, { month: run.month, jurisdictionCode: run.jurisdiction_code }, options);
}

/**
 * A district's preview is approved by one of its officers or the city's, and never by whoever
 * started or computed the run (four eyes), nor while a budget cannot cover its share of the list.
 */
export async function approveDistrict(ctx: UseCaseContext, runId: number, district: string): Promise<RunView> {
  const { actor } = ctx;
  const db = ctx.db as Kysely<DB>;
  // Approval is a person's act: the operator has no district of its own to approve for.
  if (isSystem(ctx) || !coversCode(actor, LEDGER_ADMINS, district)) throw new AppError('forbidden');
  await db.transaction().execute(async (tx) => {
    const run = await tx
      .selectFrom('subsidy_runs')
      .select(['created_by', 'previewed_by'])
      .where('id', '=', runId)
      .executeTakeFirst();
    const row = await tx
      .selectFrom('subsidy_run_districts')
      .selectAll()
      .where('run_id', '=', runId)
      .where('district_code', '=', district)
      .forUpdate()
      .executeTakeFirst();
    if (!run || !row) throw new AppError('not_found');
    if (row.posted_at) throw new AppError('run_state', { status: 'posted', action: 'approve' });
    if (actor.userId === run.created_by || actor.userId === run.previewed_by)
      throw new AppError('four_eyes_required', { run: runId, district: await districtName(tx, district) });
    if (!row.approved_at) {
      await requireBudgetCovers(tx, runId, district);
      await tx
        .updateTable('subsidy_run_districts')
        .set({ approved_by: actor.userId, approved_at: ctx.now })
        .where('run_id', '=', runId)
        .where('district_code', '=', district)
        .execute();
      await recordAudit(inTransaction(ctx, tx), {
        action: 'update',
        entityType: 'subsidy_run',
        entityId: runId,
        districtCode: district,
        detail: { approved: district, itemCount: row.item_count, totalFen: row.total_fen },
      });
    }
  });
  return viewOf(db, runId, actor);
}

async function districtName(db: Db, code: string): Promise<string> {
  return (
    (await db.selectFrom('jurisdictions').select('name').where('code', '=', code).executeTakeFirst())?.name ?? code
  );
}

/**
 * Refuses approval while the district's budget (or the city's, for the city-funded share) has less
 * available than the list needs, naming the shortfall. Posting checks again under lock: an
 * appropriation may still shrink between approval and posting.
 */
async function requireBudgetCovers(db: Db, runId: number, district: string): Promise<void> {
  const needs = await db
    .selectFrom('subsidy_run_items')
    .select(['payer', (eb) => eb.fn.sum<number>('amount_fen').as('total')])
    .where('run_id', '=', runId)
    .where('district_code', '=', district)
    .groupBy('payer')
    .orderBy('payer', 'desc')
    .execute();
  for (const need of needs) {
    const owner = need.payer === 'city' ? cityOf(district) : district;
    const account = await db
      .selectFrom('ledger_accounts')
      .selectAll()
      .where('type', '=', 'budget')
      .where('currency', '=', 'CNY_FEN')
      .where('owner_code', '=', owner)
      .executeTakeFirst();
    // No budget account yet: nothing has been appropriated, so nothing is available.
    const available = account ? availableFen(account) : 0;
    const needFen = Number(need.total);
    if (needFen > available) {
      throw new AppError('budget_shortfall', {
        account: account ? `${account.name} #${account.id}` : `${await districtName(db, owner)}养老服务预算`,
        district: await districtName(db, district),
        needFen,
        availableFen: available,
        shortfallFen: needFen - available,
        shortfall: formatFen(needFen - available),
      });
    }
  }
}

export interface PostOptions {
  onProgress?: Progress;
  crash?: CrashPoint;
}

/** Posts every approved, unposted district the caller keeps the books of; others are left. */
export async function postRun(ctx: UseCaseContext, runId: number, options: PostOptions = {}): Promise<PostResult> {
  const db = ctx.db as Kysely<DB>;
  const run = await db.selectFrom('subsidy_runs').selectAll().where('id', '=', runId).executeTakeFirst();
  if (!run) throw new AppError('not_found');
  const rows = await db
    .selectFrom('subsidy_run_districts')
    .select(['district_code', 'approved_at', 'posted_at'])
    .where('run_id', '=', runId)
    .orderBy('district_code')
    .execute();
  const mine = rows.filter((r) => keepsBooks(ctx, r.district_code));
  if (!mine.length) throw new AppError('not_found');
  const ready = mine.filter((r) => r.approved_at && !r.posted_at);
  if (ready.length) {
    await refreshStatistics(db, ['subsidy_run_items', 'ledger_accounts']);
    await openPayeeAccounts(
      db,
      runId,
      ready.map((r) => r.district_code),
    );
  }
  const posted: PostedDistrict[] = [];
  if (ready.length) options.onProgress?.({ phase: 'post', label: '', done: 0, total: ready.length });
  for (const [i, r] of ready.entries()) {
    posted.push(
      await postDistrict(
        db,
        { runId, month: run.month, district: r.district_code },
        { userId: userIdOf(ctx), today: ctx.today, now: ctx.now },
        options.crash,
      ),
    );
    options.onProgress?.({ phase: 'post', label: r.district_code, done: i + 1, total: ready.length });
  }
  if (posted.length)
    await audit(ctx, {
      action: 'update',
      entityType: 'subsidy_run',
      entityId: runId,
      detail: { posted: posted.map((p) => p.district) },
    });
  return {
    run: await viewOf(db, runId, isSystem(ctx) ? null : ctx.actor),
    posted,
    waiting: mine.filter((r) => !r.approved_at).map((r) => r.district_code),
  };
}

/** A run as the caller may see it: only the districts they keep the books of. */
export async function getRun(ctx: UseCaseContext, runId: number): Promise<RunView> {
  return viewOf(ctx.db, runId, isSystem(ctx) ? null : ctx.actor);
}

/** The run as an actor may see it: only districts they keep the books of (all for the operator, null). */
async function viewOf(db: Db, runId: number, actor: Actor | null): Promise<RunView> {
  const run = await db.selectFrom('subsidy_runs').selectAll().where('id', '=', runId).executeTakeFirst();
  if (!run) throw new AppError('not_found');
  const rows = await db
    .selectFrom('subsidy_run_districts as d')
    .leftJoin('jurisdictions as j', 'j.code', 'd.district_code')
    .leftJoin('users as u', 'u.id', 'd.approved_by')
    .selectAll('d')
    .select(['j.name', 'u.username'])
    .where('d.run_id', '=', runId)
    .orderBy('d.district_code')
    .execute();
  const visible = actor ? rows.filter((r) => coversCode(actor, LEDGER_ADMINS, r.district_code)) : rows;
  if (actor && !visible.length && !coversCode(actor, LEDGER_ADMINS, run.jurisdiction_code))
    throw new AppError('not_found');
  const budgets = await db
    .selectFrom('ledger_accounts')
    .selectAll()
    .where('type', '=', 'budget')
    .where('owner_code', 'in', visible.length ? visible.map((r) => r.district_code) : ['-'])
    .execute();
  const districts = visible.map((r): DistrictView => {
    const b = budgets.find((x) => x.owner_code === r.district_code);
    return {
      districtCode: r.district_code,
      name: r.name ?? r.district_code,
      itemCount: Number(r.item_count),
      totalFen: Number(r.total_fen),
      previousCount: Number(r.previous_count),
      previousTotalFen: Number(r.previous_total_fen),
      changeCount: Number(r.item_count) - Number(r.previous_count),
      changeFen: Number(r.total_fen) - Number(r.previous_total_fen),
      byProgramme: r.by_programme,
      approvedBy: r.username ?? null,
      approvedAt: r.approved_at ? new Date(r.approved_at).toISOString() : null,
      postedAt: r.posted_at ? new Date(r.posted_at).toISOString() : null,
      postedCount: r.posted_count == null ? null : Number(r.posted_count),
      postedTotalFen: r.posted_total_fen == null ? null : Number(r.posted_total_fen),
      budget: b ? { accountId: b.id, availableFen: availableFen(b) } : null,
    };
  });
  const sum = (f: (d: DistrictView) => number) => districts.reduce((s, d) => s + f(d), 0);
  return {
    id: run.id,
    month: run.month,
    jurisdictionCode: run.jurisdiction_code,
    dryRun: false,
    status: statusOf(visible),
    policyKnownAt: new Date(run.policy_known_at).toISOString(),
    districts,
    totals: {
      itemCount: sum((d) => d.itemCount),
      totalFen: sum((d) => d.totalFen),
      previousTotalFen: sum((d) => d.previousTotalFen),
      postedTotalFen: sum((d) => d.postedTotalFen ?? 0),
    },
  };
}

/** The runs (last 100) that cover a district the caller keeps the books of. */
export async function listRuns(ctx: UseCaseContext, month?: string): Promise<RunView[]> {
  const { db, actor } = ctx;
  let q = db.selectFrom('subsidy_runs').selectAll().orderBy('month', 'desc').orderBy('id', 'desc').limit(100);
  if (month) q = q.where('month', '=', month);
  const runs = (await q.execute()).filter((r) => !r.jurisdiction_code.startsWith('dry-'));
  const out = [];
  for (const r of runs) {
    const prefixes = prefixesFor(actor, LEDGER_ADMINS);
    const overlaps = prefixes.some(
      (p) => r.jurisdiction_code.startsWith(p) || p.startsWith(codePrefix(r.jurisdiction_code)),
    );
    if (overlaps) out.push(await viewOf(db, r.id, actor).catch(() => null));
  }
  return out.filter((v): v is RunView => v !== null);
}
