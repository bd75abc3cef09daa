// `yiyang assessment …`: the monthly and yearly jobs of the assessment domain, for cron.
import type { Command } from 'commander';
import { withDatabase } from '../../db/with-database.js';
import { previousMonth } from '../../lib/dates.js';
import { systemContext } from '../identity/context.js';
import { RECHECK_RULES_V1 } from './recheck-rules.js';
import { drawRechecks } from './rechecks.js';
import { listRules } from './rules-store.js';
import { REASSESSMENT_INTERVAL_MONTHS, scheduleReassessments } from './tasks.js';

export function registerAssessmentCommands(program: Command): void {
  const cmd = program.command('assessment').description('capability assessment jobs (GB/T 42195-2022)');

  cmd
    .command('schedule')
    .description('open re-assessment tasks for elders whose current assessment is older than the interval')
    .option('--months <n>', 'interval in months', String(REASSESSMENT_INTERVAL_MONTHS))
    .option('--today <date>', 'YYYY-MM-DD (default: today in Asia/Shanghai)')
    .action(async (opts: { months: string; today?: string }) => {
      await withDatabase(async ({ db }) => {
        const ctx = systemContext(db, `cli-assessment-schedule-${opts.today ?? 'today'}`);
        const created = await scheduleReassessments(ctx, { months: Number(opts.months), today: opts.today });
        console.log(`${created} scheduled re-assessment task(s) opened`);
      });
    });

  cmd
    .command('recheck-draw')
    .description(
      "draw last month's signed assessments for blind re-checks (抽查复评), per district; the seed is recorded",
    )
    .option('--month <yyyy-mm>', 'the month drawn (default: last month)')
    .option('--district <code>', 'one district (default: every district with signed assessments that month)')
    .option('--share <x>', 'share drawn, 0–1', String(RECHECK_RULES_V1.defaultShare))
    .option('--seed <n>', 'seed (default: a fresh random seed per district, recorded)')
    .action(async (opts: { month?: string; district?: string; share: string; seed?: string }) => {
      await withDatabase(async ({ db }) => {
        const ctx = systemContext(db, `cli-recheck-draw-${opts.month ?? 'last-month'}`);
        const month = opts.month ?? previousMonth(ctx.today);
        const districts = opts.district
          ? [opts.district]
          : (
              await db
                .selectFrom('assessments')
                .select('district_code')
                .distinct()
                .where('status', '=', 'signed')
                .execute()
            ).map((r) => r.district_code);
        if (!districts.length) console.log('no signed assessments: nothing to draw');
        for (const districtCode of districts) {
          const existing = await db
            .selectFrom('recheck_draws')
            .select('id')
            .where('district_code', '=', districtCode)
            .where('month', '=', month)
            .executeTakeFirst();
          if (existing) {
            console.log(`${districtCode} ${month}: already drawn (draw ${existing.id})`);
            continue;
          }
          const draw = await drawRechecks(ctx, {
            districtCode,
            month,
            share: Number(opts.share),
            seed: opts.seed ? Number(opts.seed) : undefined,
          });
          console.log(
            `${districtCode} ${month}: ${draw.drawn} of ${draw.population} drawn, seed ${draw.seed} (draw ${draw.id})`,
          );
        }
      });
    });

  cmd
    .command('rules')
    .description('list level-rules versions')
    .action(async () => {
      await withDatabase(async ({ db }) => {
        for (const r of await listRules(db)) console.log(`${r.active ? '*' : ' '} ${r.version}  ${r.source ?? ''}`);
      });
    });
}
