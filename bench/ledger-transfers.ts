// Transfers per second: 32 clients paying through HTTP (POST /api/v1/ledger/transfers, each an
// elder's family paying a provider from 重阳分, so auth, access, audit and the ledger all run) and
// the same ledger SQL run directly (move() in a transaction) with 32 workers. Usage:
//   node --import tsx bench/ledger-transfers.ts [--engine postgresql|pglite] [--clients 32] [--seconds 10]

import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { loadConfig } from '../src/config.js';
import type { EngineName } from '../src/db/engine.js';
import type { Actor } from '../src/domain/identity/access.js';
import { makeContext } from '../src/domain/identity/context.js';
import { createUser, login } from '../src/domain/identity/sessions.js';
import { ensureAccount } from '../src/domain/ledger/accounts.js';
import { makeTransfer } from '../src/domain/ledger/service.js';
import { trialBalance } from '../src/domain/ledger/statement.js';
import { move } from '../src/domain/ledger/transfers.js';
import { syntheticPopulation } from '../src/domain/subsidies/synthetic.js';
import { buildApp } from '../src/server/app.js';
import { openBenchDatabase } from './monthly-db.js';

const { values } = parseArgs({
  options: {
    engine: { type: 'string', default: 'postgresql' },
    clients: { type: 'string', default: '32' },
    seconds: { type: 'string', default: '10' },
    keep: { type: 'boolean', default: false },
  },
});
const engine = values.engine as EngineName;
const clients = Number(values.clients);
const seconds = Number(values.seconds);

/** 32 clients in a worker thread posting transfers for `seconds`; counts and latencies. */
function httpClients(url: string, pairs: { care: number; provider: number; token: string }[], seconds: number) {
  pairs = pairs.map(({ care, provider, token }) => ({ care, provider, token }));
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    const { url, pairs, seconds } = workerData;
    const latencies = []; let ok = 0, failed = 0;
    const until = performance.now() + seconds * 1000;
    Promise.all(pairs.map(async (p, c) => {
      for (let n = 0; performance.now() < until; n++) {
        const t0 = performance.now();
        const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer ' + p.token },
          body: JSON.stringify({ fromAccountId: p.care, toAccountId: p.provider, amountFen: 1, idempotencyKey: 'http-' + c + '-' + n }) });
        await res.arrayBuffer();
        if (res.status === 201) ok++; else failed++;
        latencies.push(performance.now() - t0);
      }
    })).then(() => parentPort.postMessage({ ok, failed, latencies }));`;
  return new Promise<{
    name: string;
    transfers: number;
    failed: number;
    perSecond: number;
    p50ms: string;
    p99ms: string;
  }>((resolve, reject) => {
    const worker = new Worker(code, { eval: true, workerData: { url, pairs, seconds } });
    worker.once('error', reject);
    worker.once('message', (m: { ok: number; failed: number; latencies: number[] }) => {
      const l = m.latencies.sort((a, b) => a - b);
      const q = (f: number) => l[Math.min(l.length - 1, Math.floor(l.length * f))]!.toFixed(1);
      void worker.terminate();
      resolve({
        name: 'http',
        transfers: m.ok,
        failed: m.failed,
        perSecond: Math.round(m.ok / seconds),
        p50ms: q(0.5),
        p99ms: q(0.99),
      });
    });
  });
}

const bench = await openBenchDatabase(engine, { keep: values.keep, poolSize: clients });
const { database } = bench;
const { db } = database;

try {
  await syntheticPopulation(db, { elders: clients, prefix: '330102' });
  const elders = await db
    .selectFrom('elders')
    .select(['id', 'name', 'community_code', 'district_code'])
    .orderBy('id')
    .limit(clients)
    .execute();
  const budget = (
    await ensureAccount(db, {
      type: 'budget',
      currency: 'CNY_FEN',
      name: '上城区预算',
      ownerType: 'jurisdiction',
      ownerCode: '330102',
      jurisdictionCode: '330102',
      districtCode: '330102',
      floor: -1_000_000_000_000,
    })
  ).account;
  const pairs: { care: number; provider: number; token: string; actor: Actor }[] = [];
  for (const [i, e] of elders.entries()) {
    const care = (
      await ensureAccount(db, {
        type: 'care',
        currency: 'CNY_FEN',
        name: `${e.name} 重阳分`,
        ownerType: 'elder',
        ownerId: e.id,
        jurisdictionCode: e.community_code,
        districtCode: e.district_code,
      })
    ).account;
    const org = await db
      .insertInto('organisations')
      .values({
        kind: 'home_care_provider',
        name: `压测服务商${i}`,
        jurisdiction_code: e.community_code,
        district_code: e.district_code,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const provider = (
      await ensureAccount(db, {
        type: 'provider',
        currency: 'CNY_FEN',
        name: `压测服务商${i}`,
        ownerType: 'organisation',
        ownerId: org.id,
        jurisdictionCode: e.community_code,
        districtCode: e.district_code,
      })
    ).account;
    await db.transaction().execute((tx) =>
      move(tx, {
        kind: 'posted',
        debitAccountId: budget.id,
        creditAccountId: care.id,
        amount: 100_000_000,
        key: `sys:bench-fund:${care.id}`,
        reason: 'subsidy',
      }),
    );
    await createUser(db, {
      username: `bench-family-${i}`,
      displayName: 'bench',
      password: 'bench-password-1',
      grants: [{ role: 'elder_family', elderId: e.id }],
    });
    // Sessions made directly: the login endpoint's rate limit is for people, not benchmarks.
    const { token, actor } = await login(db, {
      username: `bench-family-${i}`,
      password: 'bench-password-1',
      ip: null,
      userAgent: 'bench',
      production: false,
    });
    pairs.push({ care: care.id, provider: provider.id, token, actor });
  }

  async function drive(name: string, pay: (p: (typeof pairs)[number], key: string) => Promise<boolean>) {
    const latencies: number[] = [];
    let ok = 0;
    let failed = 0;
    const until = performance.now() + seconds * 1000;
    await Promise.all(
      pairs.map(async (p, c) => {
        for (let n = 0; performance.now() < until; n++) {
          const t0 = performance.now();
          if (await pay(p, `${name}-${c}-${n}`)) ok++;
          else failed++;
          latencies.push(performance.now() - t0);
        }
      }),
    );
    latencies.sort((a, b) => a - b);
    const q = (f: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * f))]!.toFixed(1);
    return { name, transfers: ok, failed, perSecond: Math.round(ok / seconds), p50ms: q(0.5), p99ms: q(0.99) };
  }

  let cpu = process.cpuUsage();
  const cpuShare = () => {
    const d = process.cpuUsage(cpu);
    cpu = process.cpuUsage();
    return `${Math.round(((d.user + d.system) / 1e6 / seconds) * 100)}% of a core`;
  };
  const direct = await drive('direct', async (p, key) => {
    await db.transaction().execute((tx) =>
      move(tx, {
        kind: 'posted',
        debitAccountId: p.care,
        creditAccountId: p.provider,
        amount: 1,
        key: `u0:${key}`,
        reason: 'payment',
      }),
    );
    return true;
  });
  const directCpu = cpuShare();
  // The route's use case called directly: the same SQL as an HTTP request minus HTTP and session lookup.
  const useCase = await drive('use case', async (p, key) => {
    await makeTransfer(makeContext({ db, actor: p.actor, requestId: `bench-${key}` }), {
      fromAccountId: p.care,
      toAccountId: p.provider,
      amountFen: 1,
      idempotencyKey: key,
    });
    return true;
  });
  const useCaseCpu = cpuShare();

  const config = { ...loadConfig({ ...process.env, DATABASE_URL: '' }), databaseUrl: undefined };
  const app = await buildApp({ database, config });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/api/v1/ledger/transfers`;
  // The HTTP clients run in a worker thread, so they do not share the server's event loop.
  cpuShare();
  const injected = await drive('inject', async (p, key) => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/ledger/transfers',
      headers: { authorization: `Bearer ${p.token}` },
      payload: { fromAccountId: p.care, toAccountId: p.provider, amountFen: 1, idempotencyKey: key },
    });
    return res.statusCode === 201;
  });
  const injectCpu = cpuShare();
  const http = await httpClients(url, pairs, seconds);
  const httpCpu = cpuShare();
  await app.close();

  console.log(`engine ${engine}, ${clients} concurrent clients, ${seconds} s each`);
  console.table([
    { ...direct, name: 'ledger SQL (move in a transaction)', nodeCpu: directCpu },
    { ...useCase, name: 'use case (makeTransfer: + access, audit)', nodeCpu: useCaseCpu },
    { ...injected, name: 'Fastify inject (no sockets)', nodeCpu: injectCpu },
    { ...http, name: 'HTTP (+ Fastify, session lookup)', nodeCpu: httpCpu },
  ]);
  console.log(
    `HTTP / ledger SQL: ${((http.perSecond / direct.perSecond) * 100).toFixed(0)}%   HTTP / use case: ${((http.perSecond / useCase.perSecond) * 100).toFixed(0)}%`,
  );
  const tb = (await trialBalance(db)).CNY_FEN!;
  console.log(
    `trial balance: ${tb.balanced ? 'balanced' : 'NOT BALANCED'} (${tb.transfers.toLocaleString()} transfers)`,
  );
} finally {
  await bench.close();
}
