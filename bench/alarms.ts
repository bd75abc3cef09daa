// Alarms benchmark on PostgreSQL through Mosquitto: N simulated devices sending heartbeats at a
// steady rate plus SOS presses, ingested by the server's MQTT client (a persistent QoS 1 session).
// Measures SOS publish → incident stored (p50 / p99; goal p99 < 500 ms), messages published vs
// stored (goal: none lost), ingestion throughput against a baseline in the same run (raw INSERTs
// of the same event rows, one per statement, on the same pool), and the process's peak RSS.
//   node --import tsx bench/alarms.ts [--devices 150000] [--rate 2500] [--sos 10] [--seconds 60]
//     [--gateways 8] [--elders 20000] [--heartbeat-clients 4] [--mqtt mqtt://127.0.0.1:1883] [--keep]
// --heartbeat-clients N: N more ingesting clients share the heartbeats ($share/yiyang/…); 0: one client.
// Creates (and drops, unless --keep) its own database yiyang_bench_alarms on the server.
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase } from '../src/db/engine.js';
import { migrate } from '../src/db/migrator.js';
import { startAlarmIngestion } from '../src/domain/alarms/broker.js';
import { prepareSimulatedDevices, simulateTraffic } from '../src/domain/alarms/simulator.js';
import { seedDemoCity } from '../src/domain/demo/seed.js';
import { loadCity } from '../src/domain/jurisdictions/load.js';

const { values } = parseArgs({
  options: {
    'admin-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/test' },
    mqtt: { type: 'string', default: 'mqtt://127.0.0.1:1883' },
    devices: { type: 'string', default: '150000' },
    rate: { type: 'string', default: '2500' },
    sos: { type: 'string', default: '10' },
    seconds: { type: 'string', default: '60' },
    gateways: { type: 'string', default: '8' },
    elders: { type: 'string', default: '20000' },
    'heartbeat-clients': { type: 'string', default: '4' },
    keep: { type: 'boolean', default: false },
  },
});
const NAME = 'yiyang_bench_alarms';
const adminUrl = values['admin-url']!;
const dbUrl = (() => {
  const u = new URL(adminUrl);
  u.pathname = `/${NAME}`;
  return u.toString();
})();
const log = (...a: unknown[]) => console.log(`[${new Date().toISOString().slice(11, 19)}]`, ...a);
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! : Number.NaN;
};

const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS ${NAME} WITH (FORCE)`);
await admin.query(`CREATE DATABASE ${NAME}`);
const database = await openDatabase({ databaseUrl: dbUrl, poolSize: 8, statementTimeoutMs: 0 });
const { db } = database;
const clientId = `yiyang-bench-${process.pid}`;
try {
  await migrate(database);
  await loadCity(db, '330100');
  await seedDemoCity(database, { elders: Number(values.elders), seed: 1 });
  let t = Date.now();
  const fleet = await prepareSimulatedDevices(db, Number(values.devices));
  log(`${fleet.ids.length} devices registered in ${((Date.now() - t) / 1000).toFixed(1)} s`);

  const heartbeatClients = Number(values['heartbeat-clients']);
  const ingestion = await startAlarmIngestion(database, { url: values.mqtt, clientId, log: console, heartbeatClients });
  const seconds = Number(values.seconds);
  const rss: number[] = [];
  const sampler = setInterval(() => rss.push(process.memoryUsage().rss), 1000);
  t = Date.now();
  const stats = await simulateTraffic({
    url: values.mqtt!,
    fleet,
    rate: Number(values.rate),
    sosPerSecond: Number(values.sos),
    seconds,
    gateways: Number(values.gateways),
    onProgress: (p) =>
      process.stdout.write(
        `\r${(p.elapsedMs / 1000).toFixed(0)} s: sent ${p.heartbeats} heartbeats, ${p.sos} SOS; stored ${ingestion.stats.received}   `,
      ),
  });
  const sent = stats.heartbeats + stats.sos;
  // Drain: the broker holds what the server has not taken yet; wait until it is all stored.
  // A broker that dropped messages never delivers them: stop once nothing has arrived for 10 s.
  const taken = () => ingestion.stats.received + ingestion.stats.rejected;
  let last = taken();
  let quietSince = Date.now();
  while (taken() < sent && Date.now() - quietSince < 10_000) {
    await new Promise((r) => setTimeout(r, 200));
    if (taken() !== last) {
      last = taken();
      quietSince = Date.now();
    }
  }
  const ingestMs = Date.now() - t;
  clearInterval(sampler);
  await ingestion.stop();
  process.stdout.write('\n');

  const stored = await sql<{ n: number }>`SELECT count(*)::int AS n FROM alarm_events`.execute(db);
  const opened = await sql<{ device_id: number; opened_at: Date }>`
    SELECT device_id, opened_at FROM alarm_incidents WHERE kind = 'sos'`.execute(db);
  const latencies = opened.rows
    .map((r) => new Date(r.opened_at).getTime() - (stats.sosSentAt.get(Number(r.device_id)) ?? Number.NaN))
    .filter((x) => Number.isFinite(x));

  // Baseline: the same number of event rows written one INSERT each, 8 in flight, on the same pool.
  const sample = Math.min(sent, 20_000);
  t = Date.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < sample) {
        const i = next++;
        const id = fleet.ids[i % fleet.ids.length]!;
        await sql`INSERT INTO alarm_events (device_id, elder_id, channel, kind, payload, received_at)
          SELECT id, elder_id, 'heartbeat', 'heartbeat', '{"battery":80}', now() FROM alarm_devices WHERE id = ${id}`.execute(
          db,
        );
      }
    }),
  );
  const rawPerSecond = sample / ((Date.now() - t) / 1000);
  const oursPerSecond = (ingestion.stats.received + ingestion.stats.rejected) / (ingestMs / 1000);

  const lines = [
    `devices ${fleet.ids.length}, asked ${values.rate} heartbeats/s + ${values.sos} SOS/s for ${seconds} s, ${values.gateways} gateway connections, ${heartbeatClients} shared heartbeat clients`,
    `published ${sent} (${stats.heartbeats} heartbeats, ${stats.sos} SOS, ${stats.failed} failed) = ${(sent / (stats.elapsedMs / 1000)).toFixed(0)}/s`,
    `stored ${stored.rows[0]!.n} events (lost ${sent - stored.rows[0]!.n}); ingestion took ${(ingestMs / 1000).toFixed(1)} s for ${seconds} s of traffic`,
    `ingestion ${oursPerSecond.toFixed(0)} msg/s vs raw single-row INSERT ${rawPerSecond.toFixed(0)} rows/s = ${((100 * oursPerSecond) / rawPerSecond).toFixed(0)} %`,
    `SOS → incident: ${latencies.length} measured, p50 ${pct(latencies, 50)} ms, p99 ${pct(latencies, 99)} ms (goal < 500 ms)`,
    `peak RSS ${(Math.max(...rss) / 2 ** 20).toFixed(0)} MB, first ${(rss[0]! / 2 ** 20).toFixed(0)} MB, last ${(rss.at(-1)! / 2 ** 20).toFixed(0)} MB`,
  ];
  lines.push(
    `load average ${(await import('node:os'))
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
  for (const l of lines) log(l);
} finally {
  // End the persistent session at the broker so it keeps nothing for this run.
  const { default: mqtt } = await import('mqtt');
  const sessions = [
    clientId,
    ...Array.from({ length: Number(values['heartbeat-clients']) }, (_, i) => `${clientId}-hb${i + 1}`),
  ];
  for (const id of sessions)
    await mqtt
      .connectAsync(values.mqtt!, { clientId: id, clean: true, reconnectPeriod: 0 })
      .then((c) => c.endAsync(true))
      .catch(() => {});
  await database.close();
  if (!values.keep) await admin.query(`DROP DATABASE IF EXISTS ${NAME} WITH (FORCE)`);
  await admin.end();
}
