// Builders for homecare tests: a provider registered in 清波街道 with priced items, its staff, and
// workers hired through the workforce API with caregiver logins linked to them.
import assert from 'node:assert/strict';
import type { TestApp } from '../../../test/support/app.js';
import { elderBody, idNumber } from '../../../test/support/elders.js';

let orgCounter = 0;

// biome-ignore lint/suspicious/noExplicitAny: tests read answers as loose JSON
export async function ok(res: Promise<{ statusCode: number; body: string; json(): any }>, status = 200) {
  const r = await res;
  assert.equal(r.statusCode, status, r.body);
  return r.json();
}

export const STREET = '330102001';
export const COMMUNITY = '330102001051';

export interface ProviderWorld {
  officer: string;
  orgId: number;
  staff: string;
}

export async function registeredProvider(
  t: TestApp,
  officer: string,
  prices: Record<string, number> = { CLEAN: 5000, BATH: 8000, REHAB: 9000 },
): Promise<ProviderWorld> {
  const org = await t.database.db
    .insertInto('organisations')
    .values({
      kind: 'service_provider',
      name: `测试居家服务商${++orgCounter}-${process.pid}`,
      jurisdiction_code: COMMUNITY,
      district_code: '330102',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await ok(
    t.call(officer, {
      method: 'POST',
      url: '/api/v1/homecare/providers',
      payload: { organisationId: org.id, streets: [STREET], openingHours: '08:00-18:00' },
    }),
    201,
  );
  const staff = await t.userWith('provider_staff', { organisationId: org.id });
  await ok(
    t.call(staff, {
      method: 'PUT',
      url: `/api/v1/homecare/providers/${org.id}/items`,
      payload: { items: Object.entries(prices).map(([itemCode, priceFen]) => ({ itemCode, priceFen })) },
    }),
  );
  return { officer, orgId: org.id, staff };
}

let workerCounter = 0;

/** A caregiver hired by the provider, with a login linked to the worker. */
export async function caregiverOf(t: TestApp, p: ProviderWorld): Promise<{ workerId: number; token: string }> {
  const worker = await ok(
    t.call(p.staff, {
      method: 'POST',
      url: '/api/v1/workforce/workers',
      payload: {
        name: `护理员${++workerCounter}`,
        idNumber: idNumber(`1980-03-0${1 + (workerCounter % 9)}`, workerCounter % 2 ? 'M' : 'F'),
        education: 'high_school',
        employment: { organisationId: p.orgId, jobRole: 'caregiver', frontline: true, hiredOn: '2024-01-01' },
      },
    }),
    201,
  );
  const username = `carer-${process.pid}-${workerCounter}`;
  const token = await t.userWith('caregiver', { organisationId: p.orgId }, username);
  await ok(
    t.call(p.staff, {
      method: 'POST',
      url: `/api/v1/homecare/providers/${p.orgId}/worker-accounts`,
      payload: { workerId: worker.id, username },
    }),
    201,
  );
  return { workerId: worker.id, token };
}

export interface ElderWorld {
  elderId: number;
  family: string;
  community: string;
  level: number;
}

/** An elder of 清波 with a signed assessment (total 40: 重度, level 3) and a family login. */
export async function assessedElder(t: TestApp): Promise<ElderWorld> {
  const { person, qualifiedAssessor, signedAssessment } = await import('../assessment/testing.js');
  const community = await t.userWith('community_worker', { jurisdictionCode: COMMUNITY });
  const elder = await ok(t.call(community, { method: 'POST', url: '/api/v1/elders', payload: elderBody() }), 201);
  const officer = await person(t, 'district_officer', { jurisdictionCode: '330102' });
  const assessors: [Awaited<ReturnType<typeof qualifiedAssessor>>, Awaited<ReturnType<typeof qualifiedAssessor>>] = [
    await qualifiedAssessor(t),
    await qualifiedAssessor(t),
  ];
  const signed = await signedAssessment(t, { officer, assessors, elderId: elder.id, total: 40 });
  const family = await t.userWith('elder_family', { elderId: elder.id });
  return { elderId: elder.id, family, community, level: signed.level?.final ?? signed.finalLevel ?? 3 };
}

/** A start time `minutes` from now, as ISO text. */
export const inMinutes = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

/** An order of `itemCode` placed by the family, accepted and assigned to `worker`; the visit as the caregiver sees it. */
export async function assignedVisit(
  t: TestApp,
  p: ProviderWorld,
  elder: ElderWorld,
  worker: { workerId: number; token: string },
  itemCode = 'BATH',
) {
  const placed = await ok(
    t.call(elder.family, {
      method: 'POST',
      url: '/api/v1/homecare/orders',
      payload: { elderId: elder.elderId, itemCode, providerId: p.orgId, scheduledStart: inMinutes(1) },
    }),
    201,
  );
  const url = `/api/v1/homecare/orders/${placed.id}`;
  await ok(t.call(p.staff, { method: 'POST', url: `${url}/accept` }));
  const assigned = await ok(
    t.call(p.staff, { method: 'POST', url: `${url}/assign`, payload: { workerId: worker.workerId } }),
  );
  return ok(t.call(worker.token, { method: 'GET', url: `/api/v1/homecare/visits/${assigned.visitId}` }));
}

let evvClients = 0;
/** A fresh client id for one check-in/out. */
export const evvClientId = () => `evv-${process.pid}-${++evvClients}`;
/** A device time `minutes` ago, as ISO text. */
export const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
