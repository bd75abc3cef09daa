// npm run bench -- <scenario…> [--elders N] [--engine pglite|postgresql|both] …
// Scenarios: seed (seeding vs a raw generate_series insert, peak RSS), search (HTTP elder search
// latencies). `search` seeds first when the database is empty. Prints a table per engine.
import { parseArgs } from 'node:util';
import type { EngineName } from '../src/db/engine.js';
import { benchDatabase, DEFAULT_ADMIN_URL } from './databases.js';
import { searchScenario } from './search-scenario.js';
import { seedScenario } from './seed-scenario.js';

const HELP = `usage: npm run bench -- <seed|search>… [options]
  --elders N          elders to seed (default 100000)
  --seed S            demo seed (default 1)
  --engine E          pglite | postgresql | both (default pglite)
  --admin-url URL     PostgreSQL server to create the yiyang_bench database on (default ${DEFAULT_ADMIN_URL})
  --requests R        search requests per case (default 300)
  --concurrency C     search requests in flight (default 4)
  --keep              keep the yiyang_bench database (or the PGlite folder) and reuse it next time
  --data-dir DIR      PGlite folder to use and keep (reused by the next run naming it)
example: npm run bench -- seed search --elders 1000000 --engine postgresql`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    elders: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '1' },
    engine: { type: 'string', default: 'pglite' },
    'admin-url': { type: 'string', default: DEFAULT_ADMIN_URL },
    requests: { type: 'string', default: '300' },
    concurrency: { type: 'string', default: '4' },
    keep: { type: 'boolean', default: false },
    'data-dir': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

const scenarios = new Set(positionals);
const known = ['seed', 'search'];
if (values.help || !scenarios.size || [...scenarios].some((s) => !known.includes(s))) {
  console.log(HELP);
  process.exit(values.help ? 0 : 1);
}
const elders = Number(values.elders);
const engines: EngineName[] = values.engine === 'both' ? ['postgresql', 'pglite'] : [values.engine as EngineName];
if (!engines.every((e) => e === 'pglite' || e === 'postgresql')) throw new Error(`unknown engine ${values.engine}`);

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const mb = () => process.resourceUsage().maxRSS / 1024;

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(rows[0]!), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}

for (const engine of engines) {
  const bench = await benchDatabase({
    engine,
    adminUrl: values['admin-url']!,
    keep: values.keep!,
    dataDir: values['data-dir'],
  });
  try {
    console.log(
      `\n## ${engine}, ${fmt(elders)} elders, seed ${values.seed} (node ${process.version}, ${new Date().toISOString()})`,
    );
    const s = await seedScenario(bench.database, elders, Number(values.seed), scenarios.has('seed'));
    if (scenarios.has('seed')) {
      const { result: r, seedMs, rawMs } = s;
      const rows = r.elders + r.flags + r.contacts;
      const out = [['measure', 'value']];
      if (r.skipped) out.push(['seeding', 'skipped: this seed and size are already in the kept database']);
      else {
        out.push([
          'rows seeded (elders + flags + contacts)',
          `${fmt(r.elders)} + ${fmt(r.flags)} + ${fmt(r.contacts)} = ${fmt(rows)}`,
        ]);
        out.push(['organisations', fmt(r.organisations)]);
        out.push(['seeding time', `${fmt(seedMs / 1000, 1)} s`]);
        out.push([
          'seeding rate',
          `${fmt(rows / (seedMs / 1000))} rows/s (${fmt(r.elders / (seedMs / 1000))} elders/s)`,
        ]);
        if (rawMs != null) {
          out.push([
            'raw INSERT … SELECT generate_series, same rows',
            `${fmt(rawMs / 1000, 1)} s (${fmt(rows / (rawMs / 1000))} rows/s)`,
          ]);
          out.push(['seeding / raw', `${fmt(seedMs / rawMs, 2)}×`]);
        }
      }
      out.push(['peak RSS of this process (maxRSS)', `${fmt(mb())} MB`]);
      console.log(table(out));
    }
    if (scenarios.has('search')) {
      const requests = Number(values.requests);
      const concurrency = Number(values.concurrency);
      const results = await searchScenario(bench.database, requests, concurrency);
      console.log(`\nelder search, ${requests} requests per case, ${concurrency} in flight, page size 20`);
      console.log(
        table([
          ['role', 'query', 'p50 ms', 'p99 ms', 'req/s', 'mean matches'],
          ...results.map((m) => [m.role, m.query, fmt(m.p50, 1), fmt(m.p99, 1), fmt(m.perSecond), fmt(m.meanTotal)]),
        ]),
      );
      console.log(`peak RSS of this process: ${fmt(mb())} MB`);
    }
  } finally {
    await bench.dispose();
  }
}
