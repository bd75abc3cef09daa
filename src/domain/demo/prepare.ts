// What `yiyang serve` does to an empty database: the Hangzhou division tree, a demo city of
// `elders` elders with its organisations, then the demo accounts (some of which point at them).
import type { Database } from '../../db/engine.js';
import { seedAlarmsDemo } from '../alarms/demo.js';
import { seedCockpitDemo } from '../cockpit/demo.js';
import { seedCommunityDemo } from '../community/demo.js';
import { seedHomecareDemo } from '../homecare/demo.js';
import { seedInstitutionBeds } from '../institutions/seed.js';
import { hasJurisdictions, loadCity } from '../jurisdictions/load.js';
import { ensureDemoAccounts } from './accounts.js';
import { ensureDemoQualifications, seedDemoAssessments } from './assessments.js';
import { consoleProgress } from './progress.js';
import { seedDemoCity } from './seed.js';

export interface DemoOptions {
  elders: number;
  seed: number;
  production: boolean;
}

export async function prepareDemo(database: Database, options: DemoOptions): Promise<void> {
  const { db } = database;
  if (!(await hasJurisdictions(db))) {
    const n = await loadCity(db, '330100');
    console.log(`loaded ${n} jurisdictions of 杭州市 (330100)`);
  }
  if (options.production) return;
  const anyElder = await db.selectFrom('elders').select('id').limit(1).executeTakeFirst();
  // A start that was stopped while seeding continues the same run.
  const unfinished = await db
    .selectFrom('seed_runs')
    .select('id')
    .where('seed', '=', options.seed)
    .where('elders', '=', options.elders)
    .where('stage', '!=', 'done')
    .executeTakeFirst();
  if ((!anyElder || unfinished) && options.elders > 0) {
    const started = Date.now();
    const progress = consoleProgress('demo city');
    const r = await seedDemoCity(database, {
      elders: options.elders,
      seed: options.seed,
      onProgress: (p) => progress.update(p),
    }).finally(() => progress.stop());
    console.log(
      `seeded ${r.elders} elders, ${r.flags} status flags, ${r.contacts} contacts, ${r.organisations} organisations in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  }
  const beds = await seedInstitutionBeds(db);
  if (beds) console.log(`created ${beds} beds in the demo institutions`);
  await ensureDemoAccounts(db);
  await ensureDemoQualifications(db);
  const assessed = await seedDemoAssessments(db, options.seed);
  if (assessed) console.log(`signed ${assessed} demo capability assessments (GB/T 42195-2022)`);
  // Each later domain adds its part; the order follows their dependencies.
  for (const seedPart of [seedHomecareDemo, seedCommunityDemo, seedAlarmsDemo, seedCockpitDemo]) {
    const line = await seedPart(db);
    if (line) console.log(line);
  }
}
