// The catalogue as versioned data and the providers' market items, through the HTTP API.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type TestApp, testApp } from '../../../test/support/app.js';
import { elderBody } from '../../../test/support/elders.js';
import { ok, registeredProvider, STREET } from './testing.js';

let t: TestApp;
before(async () => {
  t = await testApp();
});
after(() => t.close());

test("Hangzhou's catalogue is seeded as data with units, minutes, checklists and subsidies by level", async () => {
  const officer = await t.userWith('district_officer', { jurisdictionCode: '330102' });
  const cat = await ok(t.call(officer, { method: 'GET', url: '/api/v1/homecare/catalogue' }));
  const codes = cat.items.map((i: { code: string }) => i.code);
  for (const c of ['CLEAN', 'BATH', 'MEAL', 'ESCORT', 'CARE', 'REHAB', 'RESPITE', 'ROUNDS'])
    assert.ok(codes.includes(c), c);
  const bath = cat.items.find((i: { code: string }) => i.code === 'BATH');
  assert.equal(bath.jurisdictionCode, '330100');
  assert.equal(bath.name, '助浴');
  assert.equal(bath.unit, 'visit');
  assert.equal(bath.standardMinutes, 60);
  assert.ok(bath.checklist.length >= 3);
  assert.deepEqual(
    bath.subsidies.find((s: { assessmentLevel: number }) => s.assessmentLevel === 3),
    { assessmentLevel: 3, statusFlag: null, subsidyFen: 5000 },
  );
  const en = await ok(
    t.call(officer, { method: 'GET', url: '/api/v1/homecare/catalogue', headers: { 'accept-language': 'en' } }),
  );
  assert.equal(en.items.find((i: { code: string }) => i.code === 'BATH').name, 'Bathing');
});

test('an elder without an assessment gets no subsidy per unit; another district cannot ask about them', async () => {
  const worker = await t.userWith('community_worker', { jurisdictionCode: '330102001051' });
  const elder = await ok(t.call(worker, { method: 'POST', url: '/api/v1/elders', payload: elderBody() }), 201);
  const cat = await ok(t.call(worker, { method: 'GET', url: `/api/v1/homecare/catalogue?elderId=${elder.id}` }));
  assert.equal(cat.elder.assessmentLevel, null);
  assert.ok(cat.items.every((i: { elderSubsidyFen: number }) => i.elderSubsidyFen === 0));
  const other = await t.userWith('district_officer', { jurisdictionCode: '330105' });
  const res = await t.call(other, { method: 'GET', url: `/api/v1/homecare/catalogue?elderId=${elder.id}` });
  assert.equal(res.statusCode, 404);
});

test('a provider is registered with its streets and prices its items; others cannot price them', async () => {
  const officer = await t.userWith('district_officer', { jurisdictionCode: '330102' });
  const p = await registeredProvider(t, officer, { CLEAN: 5000, BATH: 8000 });
  const items = await ok(t.call(officer, { method: 'GET', url: `/api/v1/homecare/providers/${p.orgId}/items` }));
  assert.deepEqual(
    items.map((i: { itemCode: string; priceFen: number }) => [i.itemCode, i.priceFen]),
    [
      ['BATH', 8000],
      ['CLEAN', 5000],
    ],
  );
  const list = await ok(
    t.call(officer, { method: 'GET', url: `/api/v1/homecare/providers?street=${STREET}&itemCode=BATH` }),
  );
  assert.ok(list.some((x: { id: number; streets: string[] }) => x.id === p.orgId && x.streets.includes(STREET)));

  const stranger = (await registeredProvider(t, officer, { CLEAN: 4000 })).staff;
  const refused = await t.call(stranger, {
    method: 'PUT',
    url: `/api/v1/homecare/providers/${p.orgId}/items`,
    payload: { items: [{ itemCode: 'BATH', priceFen: 1 }] },
  });
  assert.equal(refused.statusCode, 404);

  const bad = await t.call(p.staff, {
    method: 'PUT',
    url: `/api/v1/homecare/providers/${p.orgId}/items`,
    payload: { items: [{ itemCode: 'NOPE', priceFen: 100 }] },
  });
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().field, 'items.0.itemCode');

  const again = await t.call(officer, {
    method: 'POST',
    url: '/api/v1/homecare/providers',
    payload: { organisationId: p.orgId, streets: [STREET] },
  });
  assert.equal(again.statusCode, 409);
  const otherDistrict = await t.userWith('district_officer', { jurisdictionCode: '330105' });
  const foreign = await t.call(otherDistrict, {
    method: 'POST',
    url: '/api/v1/homecare/providers',
    payload: { organisationId: p.orgId, streets: ['330105001'] },
  });
  assert.equal(foreign.statusCode, 404);
});
