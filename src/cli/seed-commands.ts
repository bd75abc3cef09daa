// `yiyang seed`: the demo city on demand, at any size, on either engine.
import { type Command, InvalidArgumentError } from 'commander';
import { migrate } from '../db/migrator.js';
import { withDatabase } from '../db/with-database.js';
import { ensureDemoAccounts } from '../domain/demo/accounts.js';
import { consoleProgress } from '../domain/demo/progress.js';
import { seedDemoCity } from '../domain/demo/seed.js';
import { loadCity } from '../domain/jurisdictions/load.js';

function wholeNumber(max: number) {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0 || n > max) throw new InvalidArgumentError(`a whole number from 0 to ${max}`);
    return n;
  };
}

export function registerSeedCommands(program: Command): void {
  program
    .command('seed')
    .description(
      'seed a deterministic demo Hangzhou: elders with ID numbers, families and status flags, and the organisations they use',
    )
    .option('--elders <n>', 'number of elders (the city has about 2,350,000)', wholeNumber(5_000_000), 20_000)
    .option('--seed <s>', 'random seed: the same seed and size give the same city', wholeNumber(2 ** 31 - 1), 1)
    .option('--concurrency <c>', 'chunks inserted at once on PostgreSQL', wholeNumber(16), 2)
    .addHelpText(
      'after',
      `
Migrates and loads the Hangzhou division tree if missing, seeds, then creates the demo accounts.
Running it again with the same --seed and --elders does nothing; an interrupted run continues
where it stopped. A different seed or size adds another set of elders.

Examples:
  yiyang seed --elders 20000
  DATABASE_URL=postgres://localhost/yiyang yiyang seed --elders 2350000 --seed 7`,
    )
    .action(async (opts: { elders: number; seed: number; concurrency: number }) => {
      await withDatabase(async (database) => {
        await migrate(database, (name) => console.log(`applying migration ${name}`));
        const hangzhou = await database.db
          .selectFrom('jurisdictions')
          .select('code')
          .where('code', '=', '330100')
          .executeTakeFirst();
        if (!hangzhou) console.log(`loaded ${await loadCity(database.db, '330100')} jurisdictions of 杭州市 (330100)`);
        const started = Date.now();
        const progress = consoleProgress('seed');
        const r = await seedDemoCity(database, { ...opts, onProgress: (p) => progress.update(p) }).finally(() =>
          progress.stop(),
        );
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        if (r.skipped)
          console.log(`seed ${opts.seed} with ${opts.elders} elders is already in the database: nothing to do`);
        else
          console.log(
            `seeded ${r.elders} elders, ${r.flags} status flags, ${r.contacts} contacts, ${r.organisations} organisations in ${seconds} s (${database.engine})`,
          );
        const accounts = await ensureDemoAccounts(database.db);
        if (accounts) console.log(`created ${accounts} demo accounts`);
      });
    });
}
