// Ratings and complaints through the HTTP API: the elder's family rates a verified visit once, the
// provider list shows the mean; a complaint becomes the provider's task with a deadline, seen by
// the district, answered by the provider, with the complainant never named.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type TestApp, testApp } from '../../../test/support/app.js';
import {
  assessedElder,
  assignedVisit,
  caregiverOf,
  type ElderWorld,
  evvClientId,
  minutesAgo,
  ok,
  type ProviderWorld,
  registeredProvider,
  STREET,
} from './testing.js';

let t: TestApp;
let p: ProviderWorld;
let elder: ElderWorld;
let carer: { workerId: number; token: string };
let elderCode: string;
before(async () => {
  t = await testApp();
  const officer = await t.userWith('district_officer', { jurisdictionCode: '330102' });
  p = await registeredProvider(t, officer);
  elder = await assessedElder(t);
  carer = await caregiverOf(t, p);
  elderCode = (await ok(t.call(elder.community, { method: 'GET', url: `/api/v1/elders/${elder.elderId}` }))).elderCode;
});
after(() => t.close());

const post = (token: string, url: string, payload?: Record<string, unknown>) =>
  t.call(token, { method: 'POST', url: `/api/v1/homecare/${url}`, payload });

let slot = 0;
/** A verified 助浴 visit of the elder (each an hour before the last, so none overlaps). */
async function verifiedVisit() {
  const visit = await assignedVisit(t, p, elder, carer);
  const home = { lat: visit.home.lat, lng: visit.home.lng, accuracyM: 10 };
  const end = 5 + 70 * slot++;
  await ok(
    post(carer.token, `visits/${visit.id}/check-in`, { ...home, at: minutesAgo(end + 60), clientId: evvClientId() }),
  );
  const done = await ok(
    post(carer.token, `visits/${visit.id}/check-out`, {
      ...home,
      at: minutesAgo(end),
      clientId: evvClientId(),
      confirmation: { method: 'elder_code', value: elderCode },
    }),
  );
  assert.equal(done.status, 'verified', JSON.stringify(done.exceptions));
  return done;
}

const providerOf = async (token: string) =>
  (await ok(t.call(token, { method: 'GET', url: `/api/v1/homecare/providers?street=${STREET}` }))).find(
    (x: { id: number }) => x.id === p.orgId,
  );

test('the family rates a verified visit once; strangers get 404, the provider 403; the list shows the mean', async () => {
  const scheduled = await assignedVisit(t, p, elder, carer);
  const early = await post(elder.family, `visits/${scheduled.id}/rating`, { stars: 5 });
  assert.equal(early.statusCode, 409, early.body);

  const a = await verifiedVisit();
  const b = await verifiedVisit();
  const bad = await post(elder.family, `visits/${a.id}/rating`, { stars: 6 });
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().field, 'stars');
  const rated = await ok(
    post(elder.family, `visits/${a.id}/rating`, { stars: 5, tags: ['准时', '细心'], comment: '很满意' }),
    201,
  );
  assert.deepEqual(
    { stars: rated.stars, tags: rated.tags, comment: rated.comment, visitId: rated.visitId },
    { stars: 5, tags: ['准时', '细心'], comment: '很满意', visitId: a.id },
  );
  const twice = await post(elder.family, `visits/${a.id}/rating`, { stars: 1 });
  assert.equal(twice.statusCode, 409);
  assert.equal(twice.json().code, 'homecare_already_rated');

  const stranger = (await assessedElder(t)).family;
  assert.equal((await post(stranger, `visits/${b.id}/rating`, { stars: 1 })).statusCode, 404);
  assert.equal((await post(p.staff, `visits/${b.id}/rating`, { stars: 5 })).statusCode, 403);
  assert.equal((await post(carer.token, `visits/${b.id}/rating`, { stars: 5 })).statusCode, 403);
  await ok(post(elder.family, `visits/${b.id}/rating`, { stars: 2 }), 201);

  const seen = await ok(t.call(elder.family, { method: 'GET', url: `/api/v1/homecare/visits/${a.id}` }));
  assert.equal(seen.rating.stars, 5);
  const listed = await providerOf(elder.family);
  assert.equal(listed.ratingAverage, 3.5);
  assert.equal(listed.ratingCount, 2);
});

test("a complaint is the provider's task with a deadline; the district sees it; the provider answers once", async () => {
  const visit = await verifiedVisit();
  const filed = await ok(post(elder.family, `visits/${visit.id}/complaints`, { text: '服务态度差，迟到' }), 201);
  assert.equal(filed.status, 'open');
  const hours = (Date.parse(filed.dueAt) - Date.parse(filed.createdAt)) / 3_600_000;
  assert.ok(Math.abs(hours - 72) < 0.01, String(hours));
  assert.equal(filed.overdue, false);

  const tasks = await ok(t.call(p.staff, { method: 'GET', url: '/api/v1/homecare/complaints?status=open' }));
  const task = tasks.find((c: { id: number }) => c.id === filed.id);
  assert.ok(task, 'the provider sees the complaint');
  // The complainant is masked: no account, name or role of whoever complained is in the answer.
  assert.deepEqual(Object.keys(task).sort(), Object.keys(filed).sort());
  assert.ok(!Object.keys(task).some((k) => /complain(ed|ant)|user|by/i.test(k)), Object.keys(task).join());

  const district = await t.userWith('district_officer', { jurisdictionCode: '330102' });
  const elsewhere = await t.userWith('district_officer', { jurisdictionCode: '330105' });
  const rival = (await registeredProvider(t, p.officer, { BATH: 100 })).staff;
  assert.ok(
    (await ok(t.call(district, { method: 'GET', url: '/api/v1/homecare/complaints' }))).some(
      (c: { id: number }) => c.id === filed.id,
    ),
  );
  for (const outsider of [elsewhere, rival])
    assert.deepEqual(await ok(t.call(outsider, { method: 'GET', url: '/api/v1/homecare/complaints' })), []);
  assert.equal((await post(rival, `complaints/${filed.id}/answer`, { answer: '不是我们' })).statusCode, 404);
  assert.equal((await post(district, `complaints/${filed.id}/answer`, { answer: '代答' })).statusCode, 403);
  const stranger = (await assessedElder(t)).family;
  assert.equal((await post(stranger, `visits/${visit.id}/complaints`, { text: 'x' })).statusCode, 404);
  assert.equal((await post(elder.family, `visits/${visit.id}/complaints`, { text: '' })).statusCode, 400);

  const answered = await ok(post(p.staff, `complaints/${filed.id}/answer`, { answer: '已致歉并调整排班' }));
  assert.equal(answered.status, 'answered');
  assert.equal(answered.answer, '已致歉并调整排班');
  assert.equal((await post(p.staff, `complaints/${filed.id}/answer`, { answer: '再答' })).statusCode, 409);
  const mine = await ok(t.call(elder.family, { method: 'GET', url: '/api/v1/homecare/complaints' }));
  assert.deepEqual(
    mine.map((c: { id: number; status: string }) => [c.id, c.status]),
    [[filed.id, 'answered']],
  );
  assert.equal((await providerOf(elder.family)).complaintCount, 1);
});
