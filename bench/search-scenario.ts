// Scenario `search`: GET /api/v1/elders through a real listening server and fetch, several
// requests in flight, as a city administrator and as a district officer (上城区): by surname,
// by two-character name prefix, and by community. Latencies include auth, the page query, the
// count, and the audit-log insert every search writes.
import { sql } from 'kysely';
import { loadConfig } from '../src/config.js';
import type { Database } from '../src/db/engine.js';
import type { Role } from '../src/domain/identity/roles.js';
import { createUser } from '../src/domain/identity/sessions.js';
import { buildApp } from '../src/server/app.js';

export interface SearchMeasure {
  role: string;
  query: string;
  requests: number;
  p50: number;
  p99: number;
  perSecond: number;
  meanTotal: number;
}

const PASSWORD = 'bench-password-1';

async function userToken(base: string, database: Database, role: Role, jurisdictionCode: string): Promise<string> {
  const username = `bench-${role.replaceAll('_', '-')}-${Date.now()}`;
  await createUser(database.db, {
    username,
    displayName: username,
    password: PASSWORD,
    grants: [{ role, jurisdictionCode }],
  });
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (!res.ok) throw new Error(`login failed: ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

/** Query strings to cycle through, taken from the seeded data so most of them match. */
async function samples(database: Database, district: string | null) {
  const scope = district ? sql`WHERE district_code = ${district}` : sql``;
  const names = await sql<{ name: string }>`SELECT name FROM elders ${scope} ORDER BY id LIMIT 400`.execute(
    database.db,
  );
  const places = await sql<{ code: string }>`
    SELECT code FROM jurisdictions WHERE level = 'community' AND code LIKE ${`${district ?? '3301'}%`} ORDER BY md5(code) LIMIT 100`.execute(
    database.db,
  );
  const unique = (xs: string[]) => [...new Set(xs)].slice(0, 100);
  return {
    surname: unique(names.rows.map((r) => r.name.slice(0, 1))).map((s) => `q=${encodeURIComponent(s)}`),
    'name prefix': unique(names.rows.map((r) => r.name.slice(0, 2))).map((s) => `q=${encodeURIComponent(s)}`),
    community: places.rows.map((r) => `jurisdiction=${r.code}`),
  };
}

async function measure(
  base: string,
  token: string,
  queries: string[],
  requests: number,
  concurrency: number,
): Promise<{ latencies: number[]; totalMs: number; meanTotal: number }> {
  const latencies: number[] = [];
  let next = 0;
  let totals = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < requests) {
      const q = queries[next++ % queries.length]!;
      const t = performance.now();
      const res = await fetch(`${base}/api/v1/elders?${q}&pageSize=20`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const body = (await res.json()) as { total?: number };
      if (!res.ok) throw new Error(`search ${q} answered ${res.status}: ${JSON.stringify(body)}`);
      latencies.push(performance.now() - t);
      totals += body.total ?? 0;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return {
    latencies: latencies.sort((a, b) => a - b),
    totalMs: performance.now() - started,
    meanTotal: totals / requests,
  };
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

export async function searchScenario(
  database: Database,
  requests: number,
  concurrency: number,
): Promise<SearchMeasure[]> {
  const config = { ...loadConfig({ ...process.env, DATABASE_URL: '' }), databaseUrl: undefined };
  const app = await buildApp({ database, config }, { logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const out: SearchMeasure[] = [];
  try {
    const roles: [Role, string, string | null][] = [
      ['city_admin', '330100', null],
      ['district_officer', '330102', '330102'],
    ];
    for (const [role, code, district] of roles) {
      const token = await userToken(base, database, role, code);
      for (const [query, qs] of Object.entries(await samples(database, district))) {
        await measure(base, token, qs, Math.min(20, requests), 2); // warm-up: plans, caches, connections
        const m = await measure(base, token, qs, requests, concurrency);
        out.push({
          role: `${role} ${code}`,
          query,
          requests,
          p50: quantile(m.latencies, 0.5),
          p99: quantile(m.latencies, 0.99),
          perSecond: (requests / m.totalMs) * 1000,
          meanTotal: m.meanTotal,
        });
      }
    }
  } finally {
    await app.close();
  }
  return out;
}
