// Reads per second of one elder record: GET /api/v1/elders/:id through the platform (session
// lookup, scope, masking, audit row) against a bare Fastify + pg endpoint that reads the same row
// by primary key, both over HTTP from a worker thread with the same clients, in one run. Usage:
//   node --import tsx bench/elder-read.ts [--clients 32] [--seconds 10]

import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import Fastify from 'fastify';
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import { createUser, login } from '../src/domain/identity/sessions.js';
import { syntheticPopulation } from '../src/domain/subsidies/synthetic.js';
import { buildApp } from '../src/server/app.js';
import { openBenchDatabase } from './monthly-db.js';

const { values } = parseArgs({
  options: { clients: { type: 'string', default: '32' }, seconds: { type: 'string', default: '10' } },
});
const clients = Number(values.clients);
const seconds = Number(values.seconds);

interface Result {
  name: string;
  requests: number;
  failed: number;
  perSecond: number;
  p50ms: string;
  p99ms: string;
  /** Main-thread (server) busy time per answered request: steadier than rates on a shared machine. */
  serverUsPerRequest: number;
}

/** `clients` loops in a worker thread, each GETting its elder's URL for `seconds`. */
function drive(name: string, urls: string[], token: string | null): Promise<Result> {
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    const { urls, token, seconds } = workerData;
    const latencies = []; let ok = 0, failed = 0;
    const until = performance.now() + seconds * 1000;
    const headers = token ? { authorization: 'Bearer ' + token, 'x-purpose': 'bench' } : {};
    Promise.all(urls.map(async (url) => {
      while (performance.now() < until) {
        const t0 = performance.now();
        const res = await fetch(url, { headers });
        await res.arrayBuffer();
        if (res.status === 200) ok++; else failed++;
        latencies.push(performance.now() - t0);
      }
    })).then(() => parentPort.postMessage({ ok, failed, latencies }));`;
  return new Promise((resolve, reject) => {
    const elu = performance.eventLoopUtilization();
    const worker = new Worker(code, { eval: true, workerData: { urls, token, seconds } });
    worker.once('error', reject);
    worker.once('message', (m: { ok: number; failed: number; latencies: number[] }) => {
      const busy = performance.eventLoopUtilization(elu);
      const l = m.latencies.sort((a, b) => a - b);
      const q = (f: number) => (l.length ? l[Math.min(l.length - 1, Math.floor(l.length * f))]!.toFixed(1) : '-');
      void worker.terminate();
      resolve({
        name,
        requests: m.ok,
        failed: m.failed,
        perSecond: Math.round(m.ok / seconds),
        p50ms: q(0.5),
        p99ms: q(0.99),
        serverUsPerRequest: m.ok ? Math.round((busy.active * 1000) / m.ok) : 0,
      });
    });
  });
}

const bench = await openBenchDatabase('postgresql', { poolSize: clients });
const { database } = bench;
const { db } = database;
const pool = new pg.Pool({ connectionString: bench.url!, max: clients });
pool.on('error', () => undefined); // the bench database is dropped at the end
try {
  await syntheticPopulation(db, { elders: clients, prefix: '330102' });
  const ids = (await db.selectFrom('elders').select('id').orderBy('id').limit(clients).execute()).map((r) => r.id);
  await createUser(db, {
    username: 'bench-officer',
    displayName: 'bench',
    password: 'bench-password-1',
    grants: [{ role: 'district_officer', jurisdictionCode: '330102' }],
  });
  const { token } = await login(db, {
    username: 'bench-officer',
    password: 'bench-password-1',
    ip: null,
    userAgent: 'bench',
    production: false,
  });

  // The floor: Fastify, one pooled query by primary key, JSON out.
  const bare = Fastify();
  bare.get<{ Params: { id: string } }>('/elders/:id', async (req, reply) => {
    const r = await pool.query('SELECT * FROM elders WHERE id = $1', [Number(req.params.id)]);
    if (!r.rows[0]) return reply.status(404).send();
    return r.rows[0];
  });
  await bare.listen({ host: '127.0.0.1', port: 0 });
  const bareBase = `http://127.0.0.1:${(bare.server.address() as AddressInfo).port}`;

  const config = { ...loadConfig({ ...process.env, DATABASE_URL: '' }), databaseUrl: undefined };
  const app = await buildApp({ database, config });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const appBase = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

  const warm = await drive(
    'warm-up',
    ids.map((id) => `${appBase}/api/v1/elders/${id}`),
    token,
  );
  if (warm.failed) throw new Error(`the platform answered ${warm.failed} reads with an error`);
  const floor = await drive(
    'bare Fastify + pg (SELECT by id)',
    ids.map((id) => `${bareBase}/elders/${id}`),
    null,
  );
  const platform = await drive(
    'GET /api/v1/elders/:id (session, scope, masking, audit)',
    ids.map((id) => `${appBase}/api/v1/elders/${id}`),
    token,
  );
  await app.close();
  await bare.close();
  console.log(
    `PostgreSQL, ${clients} concurrent clients, ${seconds} s each; load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  console.table([floor, platform]);
  console.log(`platform / bare endpoint: ${((platform.perSecond / floor.perSecond) * 100).toFixed(0)}%`);
} finally {
  await pool.end();
  await bench.close();
}
