// A test server on a fresh database, with helpers to make users and call the API as them.
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { loadConfig } from '../../src/config.js';
import type { Database } from '../../src/db/engine.js';
import type { Role } from '../../src/domain/identity/roles.js';
import { createUser } from '../../src/domain/identity/sessions.js';
import { buildApp } from '../../src/server/app.js';
import { testDatabase } from './db.js';

export const TEST_PASSWORD = 'test-password-1';

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  /** Creates a user with one grant and returns a bearer token for them. */
  userWith(
    role: Role,
    scope: { jurisdictionCode?: string; organisationId?: number; elderId?: number },
    username?: string,
  ): Promise<string>;
  call(token: string | null, options: InjectOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

let counter = 0;

export async function testApp(env: Record<string, string> = {}): Promise<TestApp> {
  const database = await testDatabase();
  const config = { ...loadConfig({ ...process.env, DATABASE_URL: '', ...env }), databaseUrl: undefined };
  const app = await buildApp({ database, config });
  await app.ready();
  return {
    app,
    database,
    async userWith(role, scope, username) {
      const name = username ?? `${role.replaceAll('_', '-')}-${++counter}-${process.pid}`;
      await createUser(database.db, {
        username: name,
        displayName: name,
        password: TEST_PASSWORD,
        grants: [
          {
            role,
            jurisdictionCode: scope.jurisdictionCode ?? null,
            organisationId: scope.organisationId ?? null,
            elderId: scope.elderId ?? null,
          },
        ],
      });
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: name, password: TEST_PASSWORD },
      });
      if (res.statusCode !== 200) throw new Error(`login of ${name} failed: ${res.body}`);
      return res.json().token as string;
    },
    call(token, options) {
      return app.inject({
        ...options,
        headers: { ...(options.headers ?? {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      });
    },
    async close() {
      await app.close();
      await database.close();
    },
  };
}
