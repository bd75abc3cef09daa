// Builders shared by the institutions tests: an institution with beds, an elder, a safety assessment.
import assert from 'node:assert/strict';
import type { TestApp } from '../../../test/support/app.js';
import { elderBody } from '../../../test/support/elders.js';
import { SAFETY_RISKS } from './kinds.js';

export function safety(
  overrides: Partial<Record<(typeof SAFETY_RISKS)[number], number>> = {},
  assessedOn = '2025-03-01',
) {
  return {
    assessedOn,
    assessorName: '李护士',
    risks: { ...Object.fromEntries(SAFETY_RISKS.map((r) => [r, 1])), ...overrides },
  };
}

let n = 0;
export async function institution(t: TestApp, officer: string, body: Record<string, unknown> = {}) {
  n++;
  const res = await t.call(officer, {
    method: 'POST',
    url: '/api/v1/institutions',
    payload: {
      kind: 'institution',
      name: `测试养老院${n}`,
      ownership: 'private',
      jurisdictionCode: '330102001',
      bedCount: 20,
      nursingBedCount: 12,
      ...body,
    },
  });
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as { id: number; districtCode: string; name: string };
}

export async function beds(
  t: TestApp,
  token: string,
  orgId: number,
  count: number,
  bedType = 'elderly_care',
  prefix = 'A',
) {
  const res = await t.call(token, {
    method: 'POST',
    url: `/api/v1/institutions/${orgId}/beds`,
    payload: { bedType, prefix, count },
  });
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as { id: number; label: string; status: string }[];
}

/** Registers an elder through the registry and returns id and full ID number. */
export async function elder(t: TestApp, officer: string, overrides: Record<string, unknown> = {}) {
  const body = elderBody(overrides);
  const res = await t.call(officer, { method: 'POST', url: '/api/v1/elders', payload: body });
  assert.equal(res.statusCode, 201, res.body);
  return { id: res.json().id as number, idNumber: body.idNumber as string, name: body.name as string };
}

/** Fills every listed bed by a bureau placement (兜底安置), so the beds can be freed later. */
export async function occupy(t: TestApp, officer: string, orgId: number, bedIds: number[]) {
  const residencies: number[] = [];
  for (const bedId of bedIds) {
    const e = await elder(t, officer);
    const res = await t.call(officer, {
      method: 'POST',
      url: `/api/v1/institutions/${orgId}/residents`,
      payload: {
        bedId,
        elderId: e.id,
        officialPlacement: true,
        admittedOn: '2025-01-02',
        safety: safety({}, '2025-01-02'),
      },
    });
    assert.equal(res.statusCode, 201, res.body);
    residencies.push(res.json().id);
  }
  return residencies;
}

export async function apply(t: TestApp, token: string, elderId: number, organisationIds: number[], appliedOn?: string) {
  const res = await t.call(token, {
    method: 'POST',
    url: '/api/v1/waitlist/applications',
    payload: { elderId, organisationIds, ...(appliedOn ? { appliedOn } : {}) },
  });
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as {
    id: number;
    tier: number;
    eligible: boolean;
    offers: { id: number; status: string; bedId: number }[];
  };
}

export function discharge(t: TestApp, token: string, residencyId: number) {
  return t.call(token, {
    method: 'POST',
    url: `/api/v1/residencies/${residencyId}/discharge`,
    payload: { dischargedOn: '2025-06-01', reason: 'returned_home' },
  });
}

/** The trigger-kept bed_counts equal a fresh count of the beds. */
export async function assertBedCountsMatch(db: import('kysely').Kysely<import('../../db/schema.js').DB>) {
  const { sql } = await import('kysely');
  const diff = await sql<{ organisation_id: number }>`
    SELECT coalesce(c.organisation_id, b.organisation_id) AS organisation_id FROM bed_counts c
    FULL JOIN (SELECT organisation_id, bed_type, status, count(*) AS n FROM beds GROUP BY 1, 2, 3) b
      ON b.organisation_id = c.organisation_id AND b.bed_type = c.bed_type AND b.status = c.status
    WHERE coalesce(c.n, 0) <> coalesce(b.n, 0)`.execute(db);
  assert.deepEqual(diff.rows, [], 'bed_counts agree with the beds');
}
