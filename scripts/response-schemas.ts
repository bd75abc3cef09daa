// Counts the app's operations without a response schema (no 2xx answer with a schema) in its
// OpenAPI document, per tag, and lists them. Builds the app in-process, so no server needs to run.
// `--list` prints each operation lacking one; exits 0 either way (a report, not a gate yet).
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/engine.js';
import { migrate } from '../src/db/migrator.js';
import { buildApp } from '../src/server/app.js';

interface Operation {
  tags?: string[];
  responses?: Record<string, { content?: Record<string, { schema?: unknown }>; description?: string }>;
}

// Registering routes reads the policy tables: a migrated, empty in-memory database is enough.
const database = await openDatabase({ dataDir: 'memory://' });
await migrate(database);
const config = { ...loadConfig({ ...process.env, DATABASE_URL: '' }), databaseUrl: undefined };
const app = await buildApp({ database, config });
await app.ready();
const doc = app.swagger() as { paths?: Record<string, Record<string, Operation>> };
await app.close();
await database.close();

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);
/** A 2xx answer declares its body: a schema, or 204 (no body by definition). */
const declared = (op: Operation) =>
  Object.entries(op.responses ?? {}).some(
    ([code, r]) => /^2\d\d$/.test(code) && (code === '204' || Object.values(r.content ?? {}).some((c) => c.schema)),
  );

const perTag = new Map<string, { total: number; missing: number }>();
const missing: string[] = [];
for (const [path, item] of Object.entries(doc.paths ?? {})) {
  for (const [method, op] of Object.entries(item)) {
    if (!METHODS.has(method)) continue;
    const tag = op.tags?.[0] ?? '(untagged)';
    const row = perTag.get(tag) ?? { total: 0, missing: 0 };
    row.total++;
    if (!declared(op)) {
      row.missing++;
      missing.push(`${method.toUpperCase()} ${path}  [${tag}]`);
    }
    perTag.set(tag, row);
  }
}

const rows = [...perTag.entries()].sort(([a], [b]) => a.localeCompare(b));
const width = Math.max(...rows.map(([t]) => t.length), 5);
console.log(`${'tag'.padEnd(width)}  without / operations`);
for (const [tag, { total, missing: m }] of rows)
  console.log(`${tag.padEnd(width)}  ${String(m).padStart(7)} / ${total}`);
const total = rows.reduce((n, [, r]) => n + r.total, 0);
console.log(`${'all'.padEnd(width)}  ${String(missing.length).padStart(7)} / ${total}`);
if (process.argv.includes('--list')) for (const line of missing) console.log(line);
