// serve and migrate: the commands every deployment needs.
import type { Command } from 'commander';
import { loadConfig } from '../config.js';
import { openConfiguredDatabase } from '../db/connect.js';
import { runExclusive } from '../db/exclusive.js';
import { migrate } from '../db/migrator.js';
import { withDatabase } from '../db/with-database.js';
import { ingestionOptionsFrom, startAlarmIngestion, startAlarmJobs } from '../domain/alarms/broker.js';
import { startCockpitJobs } from '../domain/cockpit/snapshots.js';
import { startPlanOrderJobs } from '../domain/community/service-plans.js';
import { prepareDemo } from '../domain/demo/prepare.js';
import { startHomecareJobs } from '../domain/homecare/jobs.js';
import { expireDueOffers } from '../domain/institutions/offers.js';
import { loadCity } from '../domain/jurisdictions/load.js';
import { buildApp } from '../server/app.js';

const OFFER_SWEEP_MS = 5 * 60_000;

import { DEMO_ACCOUNTS } from '../domain/demo/accounts.js';
import { DEMO_PASSWORD } from '../domain/identity/passwords.js';

export function registerCoreCommands(program: Command): void {
  program
    .command('migrate')
    .description('apply pending SQL migrations (safe to run twice; refuses a database migrated by different code)')
    .action(async () => {
      await withDatabase(async (database) => {
        const result = await migrate(database, (name) => console.log(`applying ${name}`));
        console.log(`${result.applied.length} applied, ${result.alreadyApplied} already applied (${database.engine})`);
      });
    });

  program
    .command('load-city')
    .description(
      "load a prefecture-level city's GB/T 2260 tree (districts, streets, communities), e.g. 330900 for 舟山市",
    )
    .argument('<cityCode>', '6-digit city code ending in 00')
    .action(async (cityCode: string) => {
      await withDatabase(async (database) => {
        await migrate(database);
        const added = await loadCity(database.db, cityCode);
        console.log(`${added} jurisdictions added for ${cityCode}`);
      });
    });

  program
    .command('serve')
    .description('migrate, load the demo city into an empty database, and serve the API and web app')
    .option('--no-demo', 'do not load demo data into an empty database')
    .action(async (opts: { demo: boolean }) => {
      const config = loadConfig();
      const database = await openConfiguredDatabase(config);
      await migrate(database, (name) => console.log(`applying migration ${name}`));
      if (opts.demo) await prepareDemo(database, { elders: config.demoElders, seed: 1, production: config.production });
      const app = await buildApp({ database, config }, { logger: true, serveWeb: true });
      // Bed offers expire on their own clock: sweep every few minutes so freed beds move on.
      const sweep = setInterval(() => {
        // Once across processes: several `serve` processes on one database share the sweep.
        runExclusive(database, 'offer-expiry-sweep', () => expireDueOffers(database.db)).catch((err: Error) =>
          app.log.error({ err }, 'offer expiry sweep failed'),
        );
      }, OFFER_SWEEP_MS);
      sweep.unref();
      // Emergency calls over MQTT; a taken port says so in one line and everything else serves on.
      const alarms = await startAlarmIngestion(database, ingestionOptionsFrom(process.env));
      const stopAlarmJobs = startAlarmJobs(database, {
        onError: (err) => app.log.error({ err }, 'alarm escalation round failed'),
      });
      // Monthly KPI snapshots for the cockpit's trends (re-running a month overwrites it).
      const stopCockpitJobs = startCockpitJobs(database, {
        onError: (err) => app.log.error({ err }, 'cockpit KPI snapshot failed'),
      });
      startHomecareJobs(database, { onError: (err) => app.log.error({ err }, 'home-care job failed') });
      // 家庭养老照护床位: the service plans' home-care orders for the days ahead.
      const stopPlanJobs = startPlanOrderJobs(database, {
        onError: (err) => app.log.error({ err }, 'family care bed plan orders failed'),
      });
      const close = async () => {
        clearInterval(sweep);
        stopAlarmJobs();
        stopCockpitJobs();
        stopPlanJobs();
        await alarms.stop();
        await app.close();
        await database.close();
        process.exit(0);
      };
      process.once('SIGINT', close);
      process.once('SIGTERM', close);
      await app.listen({ port: config.port, host: config.host });
      const url = `http://localhost:${config.port}`;
      console.log(`\nYiyang 颐养 is serving on ${url}  (database: ${database.engine})`);
      console.log(`  web app  ${url}/\n  API docs ${url}/docs\n  health   ${url}/api/v1/health`);
      if (opts.demo && !config.production) {
        console.log(`\nDemo accounts (password "${DEMO_PASSWORD}"):`);
        for (const a of DEMO_ACCOUNTS) console.log(`  ${a.username.padEnd(24)} ${a.role.padEnd(18)} ${a.displayName}`);
        console.log('  district-<code>          district_officer   every other district, e.g. district-330108');
      }
    });
}
