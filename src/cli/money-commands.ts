// Money commands: the monthly subsidy run, policy packs, the trial balance and settlements.

import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { migrate } from '../db/migrator.js';
import { withDatabase } from '../db/with-database.js';
import { makeContext, systemContext } from '../domain/identity/context.js';
import { actorForUser } from '../domain/identity/sessions.js';
import { trialBalance } from '../domain/ledger/statement.js';
import { loadPackDir, PolicyPackError } from '../domain/policy/packs.js';
import { syncPolicyPacks } from '../domain/policy/store.js';
import { approveDistrict, type Progress, postRun, type RunView, startRun } from '../domain/subsidies/runs.js';
import { AppError, message } from '../lib/errors.js';
import { formatFen } from '../lib/money.js';

const pct = (now: number, before: number) =>
  before ? `${now >= before ? '+' : ''}${(((now - before) / before) * 100).toFixed(1)}%` : now ? 'new' : '—';

function printRun(view: RunView): void {
  console.log(
    `\n${view.month}  ${view.jurisdictionCode}${view.dryRun ? '  (dry run: nothing written)' : `  run #${view.id}  ${view.status}`}`,
  );
  console.table(
    view.districts.map((d) => ({
      district: `${d.districtCode} ${d.name}`,
      people: d.itemCount,
      total: formatFen(d.totalFen),
      'last month': formatFen(d.previousTotalFen),
      change: pct(d.totalFen, d.previousTotalFen),
      approved: d.approvedBy ?? (view.dryRun ? '' : 'waiting'),
      posted: d.postedAt ? `${d.postedCount} · ${formatFen(d.postedTotalFen ?? 0)}` : '',
    })),
  );
  console.log(
    `total ${formatFen(view.totals.totalFen)} (last month ${formatFen(view.totals.previousTotalFen)}), posted ${formatFen(view.totals.postedTotalFen)}`,
  );
}

/**
 * A bar on a terminal; otherwise (logs, pipes) one line per step (a programme of the preview, a
 * district of the posting), written as it happens —
 * a timer-driven bar would stay silent while an embedded database keeps the event loop busy.
 */
function progressBar(): { onProgress: Progress; stop(): void } {
  const label = (phase: string) => (phase === 'compute' ? 'preview' : 'posting');
  if (!process.stderr.isTTY) {
    return {
      onProgress: (e) => process.stderr.write(`${label(e.phase)} ${e.done}/${e.total} ${e.label}\n`),
      stop: () => undefined,
    };
  }
  const bar = new cliProgress.SingleBar(
    { format: '{phase} |{bar}| {value}/{total}  {label}', hideCursor: true, stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  let phase = '';
  return {
    onProgress(e) {
      if (e.phase !== phase) {
        if (phase) bar.stop();
        phase = e.phase;
        bar.start(e.total, 0, { phase: label(e.phase), label: '' });
      }
      bar.update(e.done, { label: e.label });
    },
    stop: () => phase && bar.stop(),
  };
}

export function registerMoneyCommands(program: Command): void {
  program
    .command('run-month')
    .description(
      'the monthly subsidy run: preview every district, approve (by district officers), post to the ledger; safe to run again',
    )
    .requiredOption('--month <YYYY-MM>', 'the month to pay')
    .option('--jurisdiction <code>', 'the city or one district', '330100')
    .option('--dry-run', 'compute and show the preview, write nothing')
    .option(
      '--approve-as <username...>',
      'record approval by these district officers (each approves the districts they cover)',
    )
    .action(async (opts: { month: string; jurisdiction: string; dryRun?: boolean; approveAs?: string[] }) => {
      await withDatabase(async (database) => {
        const { db } = database;
        await migrate(database);
        await syncPolicyPacks(db);
        const bar = progressBar();
        const requestId = `cli-run-month-${opts.month}`;
        const operator = systemContext(db, requestId);
        try {
          let view = await startRun(
            operator,
            { month: opts.month, jurisdictionCode: opts.jurisdiction, dryRun: opts.dryRun },
            { onProgress: bar.onProgress },
          );
          bar.stop();
          if (opts.dryRun) return printRun(view);
          for (const username of opts.approveAs ?? []) {
            const user = await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst();
            const actor = user && (await actorForUser(db, user.id, 'cli'));
            if (!actor) throw new Error(`no active user ${username}`);
            for (const d of view.districts.filter((x) => !x.approvedAt && !x.postedAt)) {
              if (
                actor.grants.some(
                  (g) =>
                    g.role === 'district_officer' &&
                    g.jurisdictionCode &&
                    d.districtCode.startsWith(g.jurisdictionCode),
                )
              ) {
                await approveDistrict(makeContext({ db, actor, requestId }), view.id!, d.districtCode);
              }
            }
          }
          const posting = progressBar();
          const result = await postRun(operator, view.id!, { onProgress: posting.onProgress });
          posting.stop();
          view = result.run;
          printRun(view);
          const fresh = result.posted.filter((p) => !p.alreadyPosted);
          console.log(
            fresh.length
              ? `posted ${fresh.reduce((s, p) => s + p.posted, 0)} transfers in ${fresh.length} district(s)`
              : 'nothing new to post',
          );
          if (result.waiting.length)
            console.log(
              `${result.waiting.length} district(s) await a district officer's approval: ${result.waiting.join(', ')}`,
            );
        } catch (err) {
          bar.stop();
          if (err instanceof AppError) {
            console.error(message(err.code, 'zh-CN', err.params));
            process.exitCode = 1;
            return;
          }
          throw err;
        }
      });
    });

  const policies = program.command('policies').description('policy packs in policies/');
  policies
    .command('check')
    .description('validate every pack and list its rule versions (writes nothing)')
    .action(() => {
      try {
        for (const r of loadPackDir())
          console.log(
            `${r.jurisdictionCode}  ${r.rule.padEnd(34)} v${r.version}  ${r.effectiveFrom} → ${r.effectiveTo ?? '…'}  ${r.contentHash.slice(0, 12)}`,
          );
      } catch (err) {
        if (!(err instanceof PolicyPackError)) throw err;
        console.error(err.message);
        process.exitCode = 1;
      }
    });
  policies
    .command('load')
    .description('record new or changed pack versions (the server also does this when it starts)')
    .action(async () => {
      await withDatabase(async (database) => {
        await migrate(database);
        const r = await syncPolicyPacks(database.db);
        console.log(`${r.recorded} recorded, ${r.retracted} retracted, ${r.unchanged} unchanged`);
      });
    });

  program
    .command('trial-balance')
    .description('total debits and credits per currency, recomputed from the transfers')
    .action(async () => {
      await withDatabase(async (database) => {
        const tb = await trialBalance(database.db);
        for (const [currency, t] of Object.entries(tb)) {
          console.log(
            `${currency}: debits ${t.totalDebitsFen}  credits ${t.totalCreditsFen}  ${t.balanced ? 'balanced' : 'NOT BALANCED'}  (${t.accounts} accounts, ${t.transfers} transfers, ${t.accountsOutOfBalance} out of balance)`,
          );
          if (!t.balanced) process.exitCode = 1;
        }
      });
    });
}
