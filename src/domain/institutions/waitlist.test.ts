import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type TestApp, testApp } from '../../../test/support/app.js';
import { idNumber } from '../../../test/support/elders.js';
import { useLevelSource } from './assessment-level.js';
import { expireDueOffers } from './offers.js';
import { apply, beds, discharge, elder, institution, occupy, safety } from './test-helpers.js';

describe('admission waiting list (入院评估轮候)', () => {
  let t: TestApp;
  let officer: string;
  let xihu: string;
  let pub: { id: number; name: string };
  let staff: string;
  let residencies: number[];
  const levels = new Map<number, number>();
  let restore: () => void;
  before(async () => {
    t = await testApp();
    restore = useLevelSource(async (_db, elderId) => levels.get(elderId) ?? null);
    officer = await t.userWith('district_officer', { jurisdictionCode: '330102' });
    xihu = await t.userWith('district_officer', { jurisdictionCode: '330106' });
    pub = await institution(t, officer, { ownership: 'public', name: '上城区社会福利中心' });
    staff = await t.userWith('institution_staff', { organisationId: pub.id });
    const bedIds = (await beds(t, officer, pub.id, 6)).map((b) => b.id);
    residencies = await occupy(t, officer, pub.id, bedIds);
  });
  after(async () => {
    restore();
    await t.close();
  });

  const get = (token: string, url: string) => t.call(token, { method: 'GET', url: `/api/v1${url}` });
  const post = (token: string, url: string, payload: Record<string, unknown> = {}) =>
    t.call(token, { method: 'POST', url: `/api/v1${url}`, payload });
  async function withLevel(level: number | null, overrides: Record<string, unknown> = {}) {
    const e = await elder(t, officer, overrides);
    if (level != null) levels.set(e.id, level);
    return e;
  }

  test('eligibility and priority come from the policy: 特困 first, unassessed applicants are told why they wait outside', async () => {
    const poor = await elder(t, officer, { name: '特困甲' });
    await post(officer, `/elders/${poor.id}/flags`, { flag: 'extreme_poverty', effectiveFrom: '2020-01-01' });
    const a = await apply(t, officer, poor.id, [pub.id]);
    assert.equal(a.tier, 1);
    assert.equal(a.eligible, true);
    const young = await withLevel(null, { idNumber: idNumber('1955-05-05', 'M') });
    const b = await apply(t, officer, young.id, [pub.id]);
    assert.equal(b.eligible, false);
    assert.match((b as unknown as { explanation: string[] }).explanation.join(''), /尚未完成能力评估/);
    const twice = await post(officer, '/waitlist/applications', { elderId: poor.id, organisationIds: [pub.id] });
    assert.equal(twice.statusCode, 409);
    assert.equal(twice.json().code, 'waitlist_open_exists');
    const priv = await institution(t, officer, { ownership: 'private' });
    const wrong = await post(officer, '/waitlist/applications', {
      elderId: (await withLevel(2)).id,
      organisationIds: [priv.id],
    });
    assert.equal(wrong.statusCode, 400);
    assert.equal(wrong.json().code, 'waitlist_not_public');
    await post(officer, `/waitlist/applications/${a.id}/withdraw`, { reason: '测试结束' });
    await post(officer, `/waitlist/applications/${b.id}/withdraw`, { reason: '测试结束' });
  });

  test('a freed bed goes to the first applicant; the family sees the place and why, accepts, and is admitted', async () => {
    const first = await withLevel(3, { name: '重度甲' });
    const second = await withLevel(2, { name: '中度乙' });
    const family = await t.userWith('elder_family', { elderId: second.id });
    const a1 = await apply(t, officer, first.id, [pub.id]);
    const a2 = await apply(t, family, second.id, [pub.id]);
    assert.equal(a1.tier, 4);
    assert.equal(a2.tier, 5);
    const mine = (await get(family, '/waitlist/mine')).json();
    assert.equal(mine[0].choices[0].position, 2);
    assert.equal(mine[0].choices[0].aheadHigherTier, 1);
    assert.match(mine[0].explanation.join('\n'), /排第 2 位.*优先档更高的 1 人/);
    assert.equal(mine[0].elderName, '中度乙');

    assert.equal((await discharge(t, staff, residencies[0]!)).statusCode, 200);
    const offered = (await get(officer, `/waitlist/applications/${a1.id}`)).json();
    assert.equal(offered.status, 'offered');
    const offer = offered.offers[0];
    assert.equal(offer.status, 'active');
    assert.equal(new Date(offer.expiresAt).getTime() - new Date(offer.offeredAt).getTime(), 72 * 3_600_000);
    assert.equal(
      (await get(family, '/waitlist/mine')).json()[0].choices[0].position,
      1,
      'the offered applicant leaves the queue',
    );

    // Staff cannot admit someone else into the reserved bed, nor anyone into a public bed without an offer.
    const stranger = await elder(t, officer);
    const direct = await post(staff, `/institutions/${pub.id}/residents`, {
      bedId: offer.bedId,
      idNumber: stranger.idNumber,
      admittedOn: '2025-06-02',
      safety: safety(),
    });
    assert.equal(direct.json().code, 'bed_unavailable');

    const accepted = await post(officer, `/waitlist/offers/${offer.id}/accept`, { note: '家属电话确认' });
    assert.equal(accepted.statusCode, 200, accepted.body);
    assert.equal(accepted.json().status, 'accepted');
    const admitted = await post(staff, `/institutions/${pub.id}/residents`, {
      bedId: offer.bedId,
      offerId: offer.id,
      admittedOn: '2025-06-03',
      safety: safety({ choking: 2 }),
    });
    assert.equal(admitted.statusCode, 201, admitted.body);
    assert.equal(admitted.json().placement, 'waiting_list');
    assert.equal(admitted.json().elder.name, '重度甲');
    const done = (await get(officer, `/waitlist/applications/${a1.id}`)).json();
    assert.equal(done.status, 'admitted');
    assert.deepEqual(
      done.events.map((e: { kind: string }) => e.kind),
      ['applied', 'offered', 'accepted', 'admitted'],
    );
    await post(officer, `/waitlist/applications/${a2.id}/withdraw`, { reason: '测试结束' });
  });

  test('declining twice sends the applicant to the back of their tier; every change is audited with its reason', async () => {
    const [a, b, c, d] = [
      await withLevel(2, { name: '放弃甲' }),
      await withLevel(2),
      await withLevel(2),
      await withLevel(2),
    ];
    const appA = await apply(t, officer, a.id, [pub.id], '2024-01-01');
    const appB = await apply(t, officer, b.id, [pub.id], '2024-02-01');
    const appC = await apply(t, officer, c.id, [pub.id], '2024-03-01');
    const appD = await apply(t, officer, d.id, [pub.id], '2024-04-01');
    const family = await t.userWith('elder_family', { elderId: a.id });

    await discharge(t, staff, residencies[1]!);
    let viewA = (await get(family, `/waitlist/applications/${appA.id}`)).json();
    const firstOffer = viewA.offers[0];
    const declined = await post(family, `/waitlist/offers/${firstOffer.id}/decline`, { note: '离家太远' });
    assert.equal(declined.statusCode, 200, declined.body);
    assert.equal(declined.json().declineCount, 1);
    assert.equal(declined.json().choices[0].position, 1, 'one decline keeps the place');
    // The bed went on to B; A is not offered the bed they just declined.
    const viewB = (await get(officer, `/waitlist/applications/${appB.id}`)).json();
    assert.equal(viewB.offers[0].bedId, firstOffer.bedId);

    await discharge(t, staff, residencies[2]!);
    viewA = (await get(family, `/waitlist/applications/${appA.id}`)).json();
    const secondOffer = viewA.offers.find((o: { status: string }) => o.status === 'active');
    const again = (await post(family, `/waitlist/offers/${secondOffer.id}/decline`, {})).json();
    assert.equal(again.declineCount, 0, 'the count starts again after the move');
    // C got the second bed; D (applied after A) is now ahead of A.
    assert.equal((await get(officer, `/waitlist/applications/${appC.id}`)).json().offers[0].bedId, secondOffer.bedId);
    const queue = (await get(officer, `/institutions/${pub.id}/waitlist`)).json();
    const waiting = queue.items
      .filter((i: { position: number | null }) => i.position != null)
      .map((i: { applicationId: number }) => i.applicationId);
    assert.ok(waiting.indexOf(appD.id) < waiting.indexOf(appA.id), 'D before A after two declines');
    const kinds = again.events.map((e: { kind: string }) => e.kind);
    assert.deepEqual(kinds, ['applied', 'offered', 'declined', 'offered', 'declined', 'sent_to_back']);
    assert.match(again.events.at(-1).reason, /排至本优先档末尾/);
    const audit = (await get(officer, `/audit?entityType=waitlist_application&entityId=${appA.id}`)).json();
    assert.ok(audit.items.some((i: { purpose: string }) => /累计放弃 2 次/.test(i.purpose)));
    assert.ok(audit.items.every((i: { purpose: string | null; action: string }) => i.action === 'read' || i.purpose));
    for (const id of [appA.id, appB.id, appC.id, appD.id])
      await post(officer, `/waitlist/applications/${id}/withdraw`, { reason: '测试结束' });
  });

  /** A public institution whose every bed is taken, so applicants wait for a discharge. */
  async function fullInstitution(bedCount: number) {
    const org = await institution(t, officer, { ownership: 'public' });
    const orgStaff = await t.userWith('institution_staff', { organisationId: org.id });
    const stays = await occupy(
      t,
      officer,
      org.id,
      (await beds(t, officer, org.id, bedCount)).map((b) => b.id),
    );
    return { org, orgStaff, stays };
  }

  test('an unanswered offer expires after the policy’s time and the bed passes on', async () => {
    const { org, orgStaff, stays } = await fullInstitution(1);
    const [a, b] = [await withLevel(3), await withLevel(3)];
    const appA = await apply(t, officer, a.id, [org.id], '2024-05-01');
    const appB = await apply(t, officer, b.id, [org.id], '2024-05-02');
    await discharge(t, orgStaff, stays[0]!);
    const offer = (await get(officer, `/waitlist/applications/${appA.id}`)).json().offers[0];
    assert.equal(
      await expireDueOffers(t.database.db, new Date(Date.now() + 71 * 3_600_000), { organisationId: org.id }),
      0,
    );
    assert.equal(
      await expireDueOffers(t.database.db, new Date(Date.now() + 73 * 3_600_000), { organisationId: org.id }),
      1,
    );
    const viewA = (await get(officer, `/waitlist/applications/${appA.id}`)).json();
    assert.equal(viewA.offers[0].status, 'expired');
    assert.equal(viewA.declineCount, 1, 'an expiry counts as a decline');
    assert.equal((await get(officer, `/waitlist/applications/${appB.id}`)).json().offers[0].bedId, offer.bedId);
    const late = await post(officer, `/waitlist/offers/${offer.id}/accept`, {});
    assert.equal(late.statusCode, 409);
    assert.equal(late.json().code, 'offer_not_open');
    await post(officer, `/waitlist/applications/${appA.id}/withdraw`, { reason: '测试结束' });
    // Withdrawing B hands its reserved bed back: nobody else waits, so it is free again.
    await post(officer, `/waitlist/applications/${appB.id}/withdraw`, { reason: '测试结束' });
    const board = (await get(orgStaff, `/institutions/${org.id}/beds`)).json();
    assert.equal(board.find((x: { id: number }) => x.id === offer.bedId).status, 'free');
  });

  test('a new assessment level re-places the applicant, with the change in the history; a free bed then goes to them', async () => {
    const org = await institution(t, officer, { ownership: 'public' });
    await beds(t, officer, org.id, 1);
    const e = await withLevel(1, { name: '复评丙', idNumber: idNumber('1952-03-03', 'F') });
    const app = await apply(t, officer, e.id, [org.id]);
    // A bed is free and nobody else waits: the applicant is offered it at once.
    assert.equal(app.tier, 9);
    assert.equal(app.offers.length, 1);
    await post(officer, `/waitlist/offers/${app.offers[0]!.id}/decline`, {});
    levels.set(e.id, 3);
    const refreshed = (await post(officer, `/waitlist/applications/${app.id}/refresh`)).json();
    assert.equal(refreshed.tier, 4);
    const change = refreshed.events.find((x: { kind: string }) => x.kind === 'priority_changed');
    assert.match(change.reason, /由 9（其他符合条件的老人）调整为 4（重度失能或失智老人）/);
    await post(officer, `/waitlist/applications/${app.id}/withdraw`, { reason: '测试结束' });
  });

  test('an applicant whose record closed (deceased) is passed over', async () => {
    const { org, orgStaff, stays } = await fullInstitution(1);
    const [gone, next] = [await withLevel(3), await withLevel(2)];
    const appGone = await apply(t, officer, gone.id, [org.id]);
    const appNext = await apply(t, officer, next.id, [org.id]);
    const archived = await post(officer, `/elders/${gone.id}/archive`, { reason: 'deceased', date: '2025-05-01' });
    assert.equal(archived.statusCode, 200, archived.body);
    await discharge(t, orgStaff, stays[0]!);
    assert.equal((await get(officer, `/waitlist/applications/${appNext.id}`)).json().status, 'offered');
    assert.equal((await get(officer, `/waitlist/applications/${appGone.id}`)).json().status, 'waiting');
    await post(officer, `/waitlist/applications/${appGone.id}/withdraw`, { reason: '老人去世' });
    await post(officer, `/waitlist/applications/${appNext.id}/withdraw`, { reason: '测试结束' });
  });

  test('who sees what: other families and districts get 404; staff see names only of applicants holding their beds', async () => {
    const { org: full, orgStaff } = await fullInstitution(1);
    const e = await withLevel(2);
    const other = await withLevel(2);
    const app = await apply(t, officer, e.id, [full.id]);
    const stranger = await t.userWith('elder_family', { elderId: other.id });
    assert.equal((await get(stranger, `/waitlist/applications/${app.id}`)).statusCode, 404);
    assert.equal((await post(stranger, `/waitlist/applications/${app.id}/withdraw`, { reason: 'x' })).statusCode, 404);
    assert.equal((await get(xihu, `/waitlist/applications/${app.id}`)).statusCode, 404);
    assert.equal((await get(xihu, `/institutions/${full.id}/waitlist`)).statusCode, 404);
    const queue = (await get(orgStaff, `/institutions/${full.id}/waitlist`)).json();
    const row = queue.items.find((i: { applicationId: number }) => i.applicationId === app.id);
    assert.equal(row.elderName, null, 'waiting applicants stay anonymous to the institution');
    assert.equal(row.position, 1);
    assert.notEqual((await get(officer, `/institutions/${full.id}/waitlist`)).json().items[0].elderName, null);
    // A new bed goes to the waiting applicant at once; then the staff see who is coming.
    const [bed] = await beds(t, officer, full.id, 1, 'ordinary', 'Z');
    const outsider = await elder(t, officer);
    const noOffer = await post(orgStaff, `/institutions/${full.id}/residents`, {
      bedId: bed!.id,
      idNumber: outsider.idNumber,
      admittedOn: '2025-06-02',
      safety: safety(),
    });
    assert.equal(noOffer.json().code, 'bed_unavailable');
    const holder = (await get(orgStaff, `/institutions/${full.id}/waitlist`))
      .json()
      .items.find((i: { applicationId: number }) => i.applicationId === app.id);
    assert.equal(holder.offer.here, true);
    assert.notEqual(holder.elderName, null);
  });

  test('an applicant from another district: the chosen institution’s officer sees the tier and the queue, not why (低保, 特困 …)', async () => {
    const { org: full } = await fullInstitution(1);
    const poor = await elder(t, xihu, { name: '西湖特困', communityCode: '330106002051' });
    assert.ok(
      [200, 201].includes(
        (await post(xihu, `/elders/${poor.id}/flags`, { flag: 'extreme_poverty', effectiveFrom: '2020-01-01' }))
          .statusCode,
      ),
    );
    const app = await apply(t, xihu, poor.id, [full.id]);
    assert.equal(app.tier, 1);
    const own = (await get(xihu, `/waitlist/applications/${app.id}`)).json();
    assert.notEqual(own.tierLabel, null);
    assert.ok(own.reasons.length > 0, 'the applicant’s own district sees why');
    const placing = await get(officer, `/waitlist/applications/${app.id}`);
    assert.equal(placing.statusCode, 200, placing.body);
    const seen = placing.json();
    assert.deepEqual([seen.tier, seen.tierLabel, seen.reasons, seen.elderName], [1, null, [], null]);
    assert.equal(seen.choices[0].position, 1);
    assert.ok(seen.events.every((e: { reason: string | null }) => e.reason === null));
    for (const text of [own.tierLabel as string, ...(own.reasons as string[])])
      assert.ok(!placing.body.includes(text), `"${text}" is not shown to the other district`);
    const queue = (await get(officer, `/institutions/${full.id}/waitlist`)).json();
    const row = queue.items.find((i: { applicationId: number }) => i.applicationId === app.id);
    assert.deepEqual([row.tier, row.tierLabel, row.elderName], [1, null, null]);
    await post(xihu, `/waitlist/applications/${app.id}/withdraw`, { reason: '测试结束' });
  });

  test('the family lists the public homes it may choose, own district first, and applies from that list', async () => {
    const e = await withLevel(3, { name: '自选甲' });
    const family = await t.userWith('elder_family', { elderId: e.id });
    const priv = await institution(t, officer, { ownership: 'private', name: '民办测试院' });
    const westPub = await institution(t, xihu, {
      ownership: 'public',
      name: '西湖区公办院',
      jurisdictionCode: '330106002',
    });
    const res = await get(family, `/waitlist/institutions?elderId=${e.id}`);
    assert.equal(res.statusCode, 200, res.body);
    const choices = res.json() as { id: number; name: string; ownDistrict: boolean; districtName: string }[];
    const ids = choices.map((c) => c.id);
    assert.ok(ids.includes(pub.id) && ids.includes(westPub.id), 'public homes of the city are listed');
    assert.ok(!ids.includes(priv.id), 'a private home takes no waiting list');
    assert.ok(ids.indexOf(pub.id) < ids.indexOf(westPub.id), 'own district first');
    assert.deepEqual(
      [choices.find((c) => c.id === westPub.id)?.districtName, choices.find((c) => c.id === pub.id)?.ownDistrict],
      ['西湖区', true],
    );
    const other = await withLevel(2);
    assert.equal((await get(family, `/waitlist/institutions?elderId=${other.id}`)).statusCode, 404);
    const a = await apply(t, family, e.id, [pub.id, westPub.id]);
    assert.equal(a.eligible, true);
    await post(family, `/waitlist/applications/${a.id}/withdraw`, { reason: '测试结束' });
  });
});
