// The real server for browser tests: a fresh in-memory PGlite with the Hangzhou tree, the demo
// accounts, the built web app, listening on a free port of 127.0.0.1.
import { spawnSync } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../../../src/config.js';
import type { Database } from '../../../src/db/engine.js';
import { ensureDemoAccounts } from '../../../src/domain/demo/accounts.js';
import { buildApp } from '../../../src/server/app.js';
import { testDatabase } from '../../../test/support/db.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** Builds web/dist when it is missing or older than its sources (the same check `npm start` makes). */
export function ensureWebBuilt(): void {
  const r = spawnSync(process.execPath, ['scripts/ensure-web.js'], { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`building the web app failed (exit ${r.status})`);
}

export interface WebServer {
  url: string;
  app: FastifyInstance;
  database: Database;
  /** Logs in through the API and returns a bearer token (for setting up data, not for the UI). */
  tokenFor(username: string, password?: string): Promise<string>;
  close(): Promise<void>;
}

export async function startWebServer(): Promise<WebServer> {
  ensureWebBuilt(); // before buildApp: it only serves web/dist when the folder exists
  const database = await testDatabase();
  await ensureDemoAccounts(database.db);
  const config = { ...loadConfig({ ...process.env, DATABASE_URL: '' }), databaseUrl: undefined };
  const app = await buildApp({ database, config }, { serveWeb: true });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    database,
    async tokenFor(username, password = 'yiyang-demo') {
      const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
      if (res.statusCode !== 200) throw new Error(`login of ${username} failed: ${res.body}`);
      return res.json().token as string;
    },
    async close() {
      await app.close();
      await database.close();
    },
  };
}
