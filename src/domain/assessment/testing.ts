// Builders for assessment tests: people with ids, qualified assessors, elders, and a full
// task → draft → submit → two signatures run through the HTTP API.
import assert from 'node:assert/strict';
import { TEST_PASSWORD, type TestApp } from '../../../test/support/app.js';
import { elderBody } from '../../../test/support/elders.js';
import type { Role } from '../identity/roles.js';
import { createUser } from '../identity/sessions.js';
import { itemsWithTotal } from './fixtures.js';

export interface Person {
  token: string;
  id: number;
}

export async function person(
  t: TestApp,
  role: Role,
  scope: { jurisdictionCode?: string; organisationId?: number; elderId?: number },
): Promise<Person> {
  const token = await t.userWith(role, scope);
  const me = await t.call(token, { method: 'GET', url: '/api/v1/auth/me' });
  return { token, id: me.json().id };
}

let people = 0;

/** Someone holding several grants at once (a community worker who also assesses, say). */
export async function personWithGrants(
  t: TestApp,
  grants: { role: Role; jurisdictionCode: string }[],
): Promise<Person> {
  const username = `multi-${process.pid}-${++people}`;
  const id = await createUser(t.database.db, { username, displayName: username, password: TEST_PASSWORD, grants });
  const login = await t.call(null, {
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username, password: TEST_PASSWORD },
  });
  assert.equal(login.statusCode, 200, login.body);
  return { token: login.json().token, id };
}

let certificate = 1000;
const cityAdmins = new WeakMap<TestApp, Promise<Person>>();

/** The city administrator of a test app, made once: qualifications are the city's to register. */
export function cityAdmin(t: TestApp): Promise<Person> {
  const known = cityAdmins.get(t);
  if (known) return known;
  const admin = person(t, 'city_admin', { jurisdictionCode: '330100' });
  cityAdmins.set(t, admin);
  return admin;
}

/** An assessor of `jurisdictionCode` with a qualification registered by the city. */
export async function qualifiedAssessor(
  t: TestApp,
  jurisdictionCode = '330102',
  validity: { issuedOn?: string; expiresOn?: string } = {},
): Promise<Person> {
  const assessor = await person(t, 'assessor', { jurisdictionCode });
  await qualify(t, assessor, validity);
  return assessor;
}

/** Registers a qualification for an existing assessor, as the city. */
export async function qualify(
  t: TestApp,
  assessor: Person,
  validity: { issuedOn?: string; expiresOn?: string } = {},
): Promise<void> {
  const res = await t.call((await cityAdmin(t)).token, {
    method: 'POST',
    url: '/api/v1/assessor-qualifications',
    payload: {
      userId: assessor.id,
      certificateNo: `PG-${process.pid}-${++certificate}`,
      issuer: '杭州市民政局',
      issuedOn: validity.issuedOn ?? '2023-01-01',
      expiresOn: validity.expiresOn ?? '2099-12-31',
    },
  });
  assert.equal(res.statusCode, 201, res.body);
}

export async function newElder(t: TestApp, officer: Person, overrides: Record<string, unknown> = {}): Promise<number> {
  const res = await t.call(officer.token, { method: 'POST', url: '/api/v1/elders', payload: elderBody(overrides) });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().id;
}

export const api = (t: TestApp, who: Person, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) =>
  t.call(who.token, {
    method,
    url: `/api/v1${url}`,
    ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
  });

// biome-ignore lint/suspicious/noExplicitAny: tests read answers as loose JSON
export async function ok(res: Promise<{ statusCode: number; body: string; json(): any }>, status = 200) {
  const r = await res;
  assert.equal(r.statusCode, status, r.body);
  return r.json();
}

export interface RunOptions {
  officer: Person;
  assessors: [Person, Person];
  elderId: number;
  total?: number;
  answers?: Record<string, unknown>;
  assessedOn?: string;
}

/** Runs a whole assessment to its second signature and returns the signed assessment. */
export async function signedAssessment(t: TestApp, o: RunOptions) {
  const task = await ok(
    api(t, o.officer, 'POST', '/assessment-tasks', { elderId: o.elderId, reason: 'application' }),
    201,
  );
  await ok(
    api(t, o.officer, 'POST', `/assessment-tasks/${task.id}/assign`, {
      assessorIds: [o.assessors[0].id, o.assessors[1].id],
    }),
  );
  const draft = await ok(
    api(t, o.assessors[0], 'POST', `/assessment-tasks/${task.id}/assessments`, {
      place: '家中',
      ...(o.assessedOn ? { assessedOn: o.assessedOn } : {}),
    }),
    201,
  );
  await ok(
    api(t, o.assessors[0], 'PATCH', `/assessments/${draft.id}`, {
      items: itemsWithTotal(o.total ?? 70),
      ...(o.answers ?? {}),
    }),
  );
  await ok(api(t, o.assessors[0], 'POST', `/assessments/${draft.id}/submit`));
  await ok(api(t, o.assessors[0], 'POST', `/assessments/${draft.id}/sign`));
  return ok(api(t, o.assessors[1], 'POST', `/assessments/${draft.id}/sign`));
}
