// Dispatch through the HTTP API: the platform's ranked proposal of workers for an order, and offers
// to a worker that expire unanswered; plus the ranking rule on its own.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type TestApp, testApp } from '../../../test/support/app.js';
import { systemContext } from '../identity/context.js';
import { type CandidateFacts, expireDueOffers, rankCandidates } from './dispatch.js';
import {
  assessedElder,
  caregiverOf,
  type ElderWorld,
  evvClientId,
  inMinutes,
  ok,
  type ProviderWorld,
  registeredProvider,
} from './testing.js';

describe('the ranking rule', () => {
  const base: CandidateFacts = {
    workerId: 1,
    name: 'a',
    qualified: true,
    conflicts: 0,
    continuity: 0,
    load: 0,
    distanceKm: 1,
  };
  test('continuity outweighs a little distance; the unqualified and the busy come last, with why', () => {
    const ranked = rankCandidates([
      { ...base, workerId: 1, distanceKm: 0.5 },
      { ...base, workerId: 2, distanceKm: 2, continuity: 3 },
      { ...base, workerId: 3, distanceKm: 0.1, qualified: false },
      { ...base, workerId: 4, distanceKm: 0.1, conflicts: 1 },
      { ...base, workerId: 5, distanceKm: 0.5, load: 6 },
    ]);
    assert.deepEqual(
      ranked.map((c) => c.workerId),
      [2, 1, 5, 3, 4],
    );
    assert.deepEqual(
      ranked.map((c) => c.eligible),
      [true, true, true, false, false],
    );
    assert.ok(ranked[3]!.reasons.some((r) => r.zh.includes('证书')));
    assert.ok(ranked[4]!.reasons.some((r) => r.zh.includes('该时段已有 1 单')));
    assert.ok(ranked.every((c) => c.score >= 0 && c.score <= 100));
  });
});

describe('proposals and offers (派单)', () => {
  let t: TestApp;
  let p: ProviderWorld;
  let other: ProviderWorld;
  let elder: ElderWorld;
  let carers: { workerId: number; token: string }[];
  before(async () => {
    t = await testApp();
    const officer = await t.userWith('district_officer', { jurisdictionCode: '330102' });
    p = await registeredProvider(t, officer);
    other = await registeredProvider(t, officer);
    elder = await assessedElder(t);
    carers = [await caregiverOf(t, p), await caregiverOf(t, p), await caregiverOf(t, p)];
  });
  after(() => t.close());

  const post = (token: string, url: string, payload?: Record<string, unknown>) =>
    t.call(token, { method: 'POST', url: `/api/v1${url}`, payload });
  const get = (token: string, url: string) => t.call(token, { method: 'GET', url: `/api/v1${url}` });
  async function acceptedOrder(itemCode: string, startInMinutes: number): Promise<number> {
    const placed = await ok(
      post(elder.family, '/homecare/orders', {
        elderId: elder.elderId,
        itemCode,
        providerId: p.orgId,
        scheduledStart: inMinutes(startInMinutes),
      }),
      201,
    );
    await ok(post(p.staff, `/homecare/orders/${placed.id}/accept`));
    return placed.id;
  }

  test('the proposal ranks the caregiver who served the elder before first, and the busy one last', async () => {
    const [first, busy, again] = carers as [(typeof carers)[0], (typeof carers)[0], (typeof carers)[0]];
    // `again` served this elder before: a verified bath, checked in and out at home.
    const past = await acceptedOrder('BATH', 1);
    const { visitId } = await ok(post(p.staff, `/homecare/orders/${past}/assign`, { workerId: again.workerId }));
    const v = await ok(get(again.token, `/homecare/visits/${visitId}`));
    const code = (await ok(get(elder.community, `/elders/${elder.elderId}`))).elderCode;
    const home = { lat: v.home.lat, lng: v.home.lng, accuracyM: 10 };
    const ago = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
    await ok(
      post(again.token, `/homecare/visits/${visitId}/check-in`, { ...home, at: ago(70), clientId: evvClientId() }),
    );
    const done = await ok(
      post(again.token, `/homecare/visits/${visitId}/check-out`, {
        ...home,
        at: ago(10),
        clientId: evvClientId(),
        confirmation: { method: 'elder_code', value: code },
      }),
    );
    assert.equal(done.status, 'verified');
    // `busy` has a visit at the time of the new order.
    const blocking = await acceptedOrder('CLEAN', 180);
    await ok(post(p.staff, `/homecare/orders/${blocking}/assign`, { workerId: busy.workerId }));

    const order = await acceptedOrder('BATH', 200);
    const proposal = await ok(get(p.staff, `/homecare/orders/${order}/proposals`));
    const ids = proposal.candidates.map((c: { workerId: number }) => c.workerId);
    assert.deepEqual(ids, [again.workerId, first.workerId, busy.workerId]);
    const [top, , last] = proposal.candidates;
    assert.equal(top.continuity, 1);
    assert.ok(top.reasons.includes('曾为该老人服务 1 次'), top.reasons.join());
    assert.deepEqual([last.eligible, last.conflicts], [false, 1]);

    // 康复护理 needs a rehabilitation or nurse's certificate: only the certified worker is eligible.
    await ok(
      post(p.staff, `/workforce/workers/${first.workerId}/certificates`, {
        kind: 'rehab',
        certificateNo: `R-${process.pid}`,
        issuedOn: '2023-05-01',
      }),
    );
    const rehab = await acceptedOrder('REHAB', 600);
    const r = await ok(get(p.staff, `/homecare/orders/${rehab}/proposals`));
    assert.deepEqual(
      r.candidates.filter((c: { eligible: boolean }) => c.eligible).map((c: { workerId: number }) => c.workerId),
      [first.workerId],
    );

    // Another provider's staff do not see the order at all; the family may not dispatch.
    assert.equal((await get(other.staff, `/homecare/orders/${order}/proposals`)).statusCode, 404);
    assert.equal((await get(elder.family, `/homecare/orders/${order}/proposals`)).statusCode, 403);
  });

  test('an offer goes to one worker, one at a time; taking it assigns the order; late answers are refused', async () => {
    const [first, second] = carers as [(typeof carers)[0], (typeof carers)[0]];
    const order = await acceptedOrder('BATH', 24 * 60);
    const offer = await ok(post(p.staff, `/homecare/orders/${order}/offers`, { workerId: first.workerId }), 201);
    assert.equal(offer.status, 'pending');
    const minutes = (new Date(offer.expiresAt).getTime() - new Date(offer.offeredAt).getTime()) / 60_000;
    assert.equal(minutes, 30, 'the policy default');
    const twice = await post(p.staff, `/homecare/orders/${order}/offers`, { workerId: second.workerId });
    assert.equal(twice.statusCode, 409);
    assert.equal(twice.json().code, 'homecare_offer_open');
    assert.equal((await post(p.staff, `/homecare/orders/${order}/offers`, { workerId: 999_999 })).statusCode, 400);

    const mine = await ok(get(first.token, '/homecare/offers/mine'));
    assert.deepEqual(
      mine.map((o: { id: number }) => o.id),
      [offer.id],
    );
    assert.equal((await ok(get(second.token, '/homecare/offers/mine'))).length, 0);
    assert.equal((await post(second.token, `/homecare/offers/${offer.id}/accept`)).statusCode, 404);
    const taken = await ok(post(first.token, `/homecare/offers/${offer.id}/accept`));
    assert.equal(taken.status, 'accepted');
    const assigned = await ok(get(p.staff, `/homecare/orders/${order}`));
    assert.deepEqual([assigned.status, assigned.workerId], ['assigned', first.workerId]);
    assert.ok(assigned.visitId, 'the visit is scheduled for the worker');
    assert.equal(
      (await post(first.token, `/homecare/offers/${offer.id}/accept`)).json().code,
      'homecare_offer_answered',
    );

    // An offer left unanswered past its time: the answer is refused and a new offer may be made.
    const late = await ok(post(p.staff, `/homecare/orders/${order}/offers`, { workerId: second.workerId }), 201);
    await t.database.db
      .updateTable('homecare_worker_offers')
      .set({ expires_at: new Date(Date.now() - 60_000) })
      .where('id', '=', late.id)
      .execute();
    assert.equal((await ok(get(second.token, '/homecare/offers/mine'))).length, 0, 'an expired offer is not shown');
    const refused = await post(second.token, `/homecare/offers/${late.id}/accept`);
    assert.equal(refused.statusCode, 409);
    assert.equal(refused.json().code, 'homecare_offer_expired');
    assert.equal((await ok(get(p.staff, `/homecare/orders/${order}`))).workerId, first.workerId, 'unchanged');

    // The job expires the others; the order's history says so.
    const open = await ok(post(p.staff, `/homecare/orders/${order}/offers`, { workerId: second.workerId }), 201);
    await t.database.db
      .updateTable('homecare_worker_offers')
      .set({ expires_at: new Date(Date.now() - 60_000) })
      .where('id', '=', open.id)
      .execute();
    assert.equal(await expireDueOffers(systemContext(t.database.db, 'test-offer-expiry')), 1);
    const history = await ok(get(p.staff, `/homecare/orders/${order}`));
    assert.deepEqual(
      history.events.map((e: { action: string }) => e.action).filter((a: string) => a.startsWith('offer')),
      ['offered', 'offered', 'offer_expired', 'offered', 'offer_expired'],
    );
    const offers = await ok(get(p.staff, `/homecare/orders/${order}/offers`));
    assert.deepEqual(
      offers.map((o: { status: string }) => o.status),
      ['expired', 'expired', 'accepted'],
    );
  });
});
