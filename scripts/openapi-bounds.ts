// Lists request inputs without a bound in the app's OpenAPI document (../shared/tools/openapi-bounds)
// and exits with its status. Builds the app in-process, so no server needs to run.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/engine.js';
import { migrate } from '../src/db/migrator.js';
import { buildApp } from '../src/server/app.js';

const checker = fileURLToPath(new URL('../../shared/tools/openapi-bounds', import.meta.url));

// Registering routes reads the policy tables: a migrated, empty in-memory database is enough.
const database = await openDatabase({ dataDir: 'memory://' });
await migrate(database);
const config = { ...loadConfig({ ...process.env, DATABASE_URL: '' }), databaseUrl: undefined };
const app = await buildApp({ database, config });
await app.ready();
const dir = mkdtempSync(join(tmpdir(), 'openapi-bounds-'));
const file = join(dir, 'openapi.json');
writeFileSync(file, JSON.stringify(app.swagger()));
await app.close();
await database.close();

const result = spawnSync(process.execPath, [checker, file], { stdio: 'inherit' });
rmSync(dir, { recursive: true, force: true });
process.exit(result.status ?? 1);
