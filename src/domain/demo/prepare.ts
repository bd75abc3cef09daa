// What `yiyang serve` does to an empty database: the Hangzhou division tree and the demo accounts.
import type { Database } from '../../db/engine.js';
import { hasJurisdictions, loadCity } from '../jurisdictions/load.js';
import { ensureDemoAccounts } from './accounts.js';

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
  await ensureDemoAccounts(db);
}
