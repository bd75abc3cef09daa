// `yiyang import` and `yiyang export`: the elder registry's spreadsheets from the command line,
// acting as a named user so the same jurisdiction rules and audit entries apply as on the web.
import { randomUUID } from 'node:crypto';
import { createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { finished } from 'node:stream/promises';
import { type Command, Option } from 'commander';
import type { Kysely } from 'kysely';
import { loadConfig } from '../config.js';
import type { DB } from '../db/schema.js';
import { withDatabase } from '../db/with-database.js';
import { prepareElderExport } from '../domain/elders/export.js';
import { type ElderFlag, STORED_FLAGS } from '../domain/elders/flags.js';
import { backfillHomeCells } from '../domain/elders/home-cell.js';
import { importElders, localiseProblems } from '../domain/elders/import.js';
import { buildReportCsv, buildReportXlsx } from '../domain/elders/import-workbooks.js';
import type { Actor } from '../domain/identity/access.js';
import { makeContext, type UseCaseContext } from '../domain/identity/context.js';
import { actorForUser } from '../domain/identity/sessions.js';
import { AppError, type Lang, langFrom, message } from '../lib/errors.js';

async function actorNamed(db: Kysely<DB>, username: string): Promise<Actor> {
  const user = await db
    .selectFrom('users')
    .select('id')
    .where('username', '=', username.trim().toLowerCase())
    .executeTakeFirst();
  const actor = user ? await actorForUser(db, user.id, null) : null;
  if (!actor) throw new Error(`no active user named "${username}"`);
  return actor;
}

/** The context of a command run as a named user, under a request id of its own for the audit log. */
async function contextNamed(
  db: Kysely<DB>,
  username: string,
  command: 'import' | 'export',
  purpose: string | undefined,
  lang: Lang,
): Promise<UseCaseContext> {
  const actor = await actorNamed(db, username);
  return makeContext({ db, actor, purpose: purpose ?? null, lang, requestId: `cli-${command}-${randomUUID()}` });
}

/** Prints an AppError in the chosen language and sets a failing exit code instead of a stack trace. */
async function reporting(lang: Lang, work: () => Promise<number>): Promise<void> {
  try {
    process.exitCode = await work();
  } catch (err) {
    if (err instanceof AppError) console.error(message(err.code, lang, { field: err.field ?? '', ...err.params }));
    else console.error((err as Error).message);
    process.exitCode = 1;
  }
}

const langOption = () => new Option('--lang <lang>', 'language of messages').choices(['zh-CN', 'en']).default('zh-CN');

export function registerElderCommands(program: Command): void {
  program
    .command('backfill-home-cells')
    .description("store the H3 cell of every elder's home that has none yet (after migration 0091; safe to re-run)")
    .action(async () => {
      const done = await withDatabase((database) => backfillHomeCells(database.db));
      console.log(`home cells stored: ${done}`);
    });
  program
    .command('import')
    .description('register elders from an .xlsx or .csv file in the bureau format (all rows or none, unless --partial)')
    .argument('<file>', '.xlsx or .csv (UTF-8 or GBK)')
    .requiredOption('--as <username>', 'act as this user: their jurisdiction limits what may be imported')
    .option('--partial', 'write the valid rows and report the others')
    .option('--report <out>', 'write the problems to this .xlsx or .csv file')
    .option('--purpose <text>', 'purpose recorded in the audit log')
    .addOption(langOption())
    .action(
      async (
        file: string,
        opts: { as: string; partial?: boolean; report?: string; purpose?: string; lang: string },
      ) => {
        const lang = langFrom(opts.lang);
        await reporting(lang, () =>
          withDatabase(async (database) => {
            const ctx = await contextNamed(database.db, opts.as, 'import', opts.purpose, lang);
            const started = Date.now();
            const result = await importElders(ctx, readFileSync(file), {
              partial: opts.partial ?? false,
              minElderAge: loadConfig().minElderAge,
              fileName: basename(file),
              via: 'cli',
              onProgress: (stage, done, total) => console.error(`  ${stage} ${done}${total ? ` / ${total}` : ''} rows`),
            });
            if (result.ignoredColumns.length) console.error(`ignored columns: ${result.ignoredColumns.join(', ')}`);
            const shown = localiseProblems(result.problems.slice(0, 20), lang);
            for (const p of shown) console.error(`  row ${p.row}, ${p.column}: ${p.reason}`);
            if (result.problems.length > shown.length)
              console.error(`  … ${result.problems.length - shown.length} more`);
            if (opts.report && result.problems.length) {
              const body =
                extname(opts.report).toLowerCase() === '.csv'
                  ? buildReportCsv(result, lang)
                  : await buildReportXlsx(result, lang);
              writeFileSync(opts.report, body);
              console.error(`report written to ${opts.report}`);
            }
            if (result.refused) console.error(message('import_invalid', lang, { count: result.problems.length }));
            console.log(
              `${result.imported} imported, ${result.skipped} rows refused (${((Date.now() - started) / 1000).toFixed(1)} s)`,
            );
            return result.problems.length ? (result.refused ? 2 : 1) : 0;
          }),
        );
      },
    );

  program
    .command('export')
    .description("export the user's visible elders to .xlsx (ID numbers masked unless their role sees them)")
    .argument('<out>', 'the .xlsx file to write')
    .requiredOption('--as <username>', 'act as this user: only elders they may see are exported')
    .option('--jurisdiction <code>', 'district, street or community code')
    .addOption(
      new Option('--flag <flag...>', 'status flags that must all hold today').choices([
        ...STORED_FLAGS,
        'advanced_age',
      ]),
    )
    .addOption(
      new Option('--status <status>', 'record status')
        .choices(['active', 'deceased', 'moved_away', 'all'])
        .default('active'),
    )
    .option('--age-min <years>', 'minimum age', Number)
    .option('--age-max <years>', 'maximum age', Number)
    .option('--purpose <text>', 'purpose recorded in the audit log')
    .addOption(langOption())
    .action(
      async (
        out: string,
        opts: {
          as: string;
          jurisdiction?: string;
          flag?: ElderFlag[];
          status: 'active' | 'deceased' | 'moved_away' | 'all';
          ageMin?: number;
          ageMax?: number;
          purpose?: string;
          lang: string;
        },
      ) => {
        const lang = langFrom(opts.lang);
        await reporting(lang, () =>
          withDatabase(async (database) => {
            if (opts.jurisdiction && !/^\d{6,12}$/.test(opts.jurisdiction))
              throw new Error('--jurisdiction must be a 6- to 12-digit code');
            const ctx = await contextNamed(database.db, opts.as, 'export', opts.purpose, lang);
            const filters = {
              jurisdiction: opts.jurisdiction,
              flags: opts.flag,
              status: opts.status,
              ageMin: opts.ageMin,
              ageMax: opts.ageMax,
            };
            const job = await prepareElderExport(ctx, filters, {
              via: 'cli',
              onProgress: (done, total) => {
                if (done % 20_000 < 2000 || done === total) console.error(`  ${done} / ${total} rows`);
              },
            });
            const file = createWriteStream(out);
            const written = await job.write(file);
            await finished(file);
            console.log(`${written} elders written to ${out}`);
            return 0;
          }),
        );
      },
    );
}
