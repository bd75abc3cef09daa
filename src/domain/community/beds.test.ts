// 家庭养老照护床位 through the HTTP API: the lifecycle with who/when, wrong-state transitions
// refused, eligibility by the current assessment level, the one-time grant once per elder ever (at
// the policy pack's amount), the monthly nursing enrolment starting and ending with the bed, scope.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type TestApp, testApp } from '../../../test/support/app.js';
import { elderBody } from '../../../test/support/elders.js';
import { balanceOf, budget, provider } from '../ledger/ledger-fixtures.js';
import { signLevel } from '../subsidies/subsidy-fixtures.js';

// Jiande (建德) is the pack that holds the family-care-bed rules.
const COMMUNITY = '330182001020';

describe('community: family care beds', () => {
  let t: TestApp;
  let admin: string;
  let officer: string;
  let worker: string;
  let orgId: number;
  let providerAccount: number;

  const elder = async (level: number | null) => {
    const res = await t.call(worker, {
      method: 'POST',
      url: '/api/v1/elders',
      payload: elderBody({ communityCode: COMMUNITY }),
    });
    assert.equal(res.statusCode, 201, res.body);
    const id = res.json().id as number;
    if (level != null) await signLevel(t.database.db, id, level);
    return id;
  };
  const post = (token: string, url: string, payload?: unknown) =>
    t.call(token, { method: 'POST', url: `/api/v1/home-care-beds${url}`, ...(payload ? { payload } : {}) });

  before(async () => {
    t = await testApp();
    admin = await t.userWith('city_admin', { jurisdictionCode: '330100' });
    officer = await t.userWith('district_officer', { jurisdictionCode: '330182' });
    worker = await t.userWith('community_worker', { jurisdictionCode: COMMUNITY });
    await budget(t, admin, '330182', 10_000_000);
    ({ orgId, providerId: providerAccount } = await provider(t, officer, '330182', COMMUNITY));
  });
  after(() => t.close());

  test('the whole lifecycle, with who and when, the grant and the monthly enrolment', async () => {
    const elderId = await elder(2);
    const applied = await post(worker, '', { elderId, retrofitDone: false });
    assert.equal(applied.statusCode, 201, applied.body);
    const bed = applied.json();
    assert.equal(bed.status, 'applied');
    assert.equal(bed.eligibilityLevel, 2);

    const assessed = await post(worker, `/${bed.id}/assess`, { findings: '卫生间无扶手', retrofitPlan: ['扶手'] });
    assert.equal(assessed.statusCode, 200, assessed.body);
    assert.equal(assessed.json().status, 'assessed');

    // Acceptance moves money: a community worker may not, a district officer may.
    assert.equal((await post(worker, `/${bed.id}/accept`, { buildingOrganisationId: orgId })).statusCode, 403);
    const before = await balanceOf(t, officer, providerAccount);
    const accepted = await post(officer, `/${bed.id}/accept`, { buildingOrganisationId: orgId });
    assert.equal(accepted.statusCode, 200, accepted.body);
    assert.equal(accepted.json().status, 'accepted');
    assert.equal(accepted.json().grant.amountFen, 300_000, 'the pack gives 3,000 yuan without a prior retrofit');
    assert.equal(accepted.json().grant.organisationId, orgId);
    assert.equal((await balanceOf(t, officer, providerAccount)).balanceFen - before.balanceFen, 300_000);

    const contracted = await post(officer, `/${bed.id}/contract`, {
      servicePlan: { visitsPerWeek: 3, items: ['助浴', '助洁'] },
      familySickbedRef: 'JTBC-2026-001',
    });
    assert.equal(contracted.statusCode, 200, contracted.body);
    const c = contracted.json();
    assert.equal(c.status, 'contracted');
    assert.equal(c.providerOrganisationId, orgId);
    assert.ok(c.enrolmentId);
    const enrolments = await t.call(officer, {
      method: 'GET',
      url: `/api/v1/subsidies/enrolments?elderId=${elderId}&programme=homeCareBed.monthlyNursing`,
    });
    const open = enrolments.json().find((e: { id: number }) => e.id === c.enrolmentId);
    assert.equal(open.effectiveTo, null);

    const closed = await post(officer, `/${bed.id}/close`, { reason: 'admitted', note: '入住机构' });
    assert.equal(closed.statusCode, 200, closed.body);
    assert.equal(closed.json().status, 'closed');
    assert.equal(closed.json().closeReason, 'admitted');
    const ended = (
      await t.call(officer, { method: 'GET', url: `/api/v1/subsidies/enrolments?elderId=${elderId}` })
    ).json();
    assert.ok(ended.find((e: { id: number }) => e.id === c.enrolmentId).effectiveTo, 'the enrolment ends with the bed');

    const view = (await t.call(worker, { method: 'GET', url: `/api/v1/home-care-beds/${bed.id}` })).json();
    assert.deepEqual(
      view.history.map((h: { action: string }) => h.action),
      ['apply', 'assess', 'accept', 'contract', 'close'],
    );
    assert.ok(view.history.every((h: { by: string; at: string }) => h.by && h.at));
    const list = await t.call(worker, { method: 'GET', url: `/api/v1/home-care-beds?elderId=${elderId}` });
    assert.equal(list.json().total, 1);
  });

  test('transitions from the wrong state are refused with the state named', async () => {
    const elderId = await elder(3);
    const bed = (await post(worker, '', { elderId, retrofitDone: false })).json();
    const early = await post(officer, `/${bed.id}/contract`);
    assert.equal(early.statusCode, 409);
    assert.equal(early.json().code, 'hcb_state');
    assert.match(early.json().message, /applied/);
    assert.equal(
      (await post(officer, `/${bed.id}/accept`, { buildingOrganisationId: orgId })).json().code,
      'hcb_state',
    );
    assert.equal((await post(worker, `/${bed.id}/assess`)).statusCode, 200, 'the body of details is optional');
    assert.equal((await post(worker, `/${bed.id}/assess`)).statusCode, 409);
    const second = await post(worker, '', { elderId, retrofitDone: false });
    assert.equal(second.statusCode, 409);
    assert.equal(second.json().code, 'hcb_open_exists');
    assert.equal((await post(officer, `/${bed.id}/close`, { reason: 'withdrawn' })).statusCode, 200);
    assert.equal((await post(officer, `/${bed.id}/close`, { reason: 'withdrawn' })).statusCode, 409);
  });

  test('the grant is paid once per elder, ever, at the retrofitted amount when the home had one', async () => {
    const elderId = await elder(4);
    const first = (await post(worker, '', { elderId, retrofitDone: true })).json();
    await post(worker, `/${first.id}/assess`, { buildingOrganisationId: orgId });
    const before = await balanceOf(t, officer, providerAccount);
    const accepted = (await post(officer, `/${first.id}/accept`)).json();
    assert.equal(accepted.grant.amountFen, 200_000);
    await post(officer, `/${first.id}/close`, { reason: 'moved_away' });

    const again = (await post(worker, '', { elderId, retrofitDone: false })).json();
    await post(worker, `/${again.id}/assess`);
    const second = await post(officer, `/${again.id}/accept`, { buildingOrganisationId: orgId });
    assert.equal(second.statusCode, 200, second.body);
    assert.equal(second.json().grant.amountFen, 200_000, 'the view shows the one grant this elder had');
    assert.equal(second.json().grant.transferId, accepted.grant.transferId);
    assert.equal((await balanceOf(t, officer, providerAccount)).balanceFen - before.balanceFen, 200_000);
    const transfers = await t.database.db
      .selectFrom('ledger_transfers')
      .select('id')
      .where('programme', '=', 'homeCareBed.oneTimeGrant')
      .where('memo', 'like', '家庭养老照护床位%')
      .where('credit_account_id', '=', providerAccount)
      .execute();
    assert.equal(transfers.length, 2, 'two elders granted in this file so far, one transfer each');
  });

  test('eligibility: moderately impaired or worse, by the current signed assessment', async () => {
    const mild = await elder(1);
    const refused = await post(worker, '', { elderId: mild, retrofitDone: false });
    assert.equal(refused.statusCode, 400);
    assert.equal(refused.json().code, 'hcb_not_eligible');
    assert.equal(refused.json().field, 'elderId');
    const none = await elder(null);
    assert.equal((await post(worker, '', { elderId: none, retrofitDone: false })).json().code, 'hcb_no_assessment');
  });

  test('out of scope answers 404; bad input answers 400 naming the field', async () => {
    const elderId = await elder(2);
    const bed = (await post(worker, '', { elderId, retrofitDone: false })).json();
    const elsewhere = await t.userWith('community_worker', { jurisdictionCode: '330102001051' });
    assert.equal((await t.call(elsewhere, { method: 'GET', url: `/api/v1/home-care-beds/${bed.id}` })).statusCode, 404);
    assert.equal((await post(elsewhere, `/${bed.id}/assess`)).statusCode, 404);
    assert.equal((await post(elsewhere, '', { elderId, retrofitDone: false })).statusCode, 404);
    const list = await t.call(elsewhere, { method: 'GET', url: `/api/v1/home-care-beds?elderId=${elderId}` });
    assert.equal(list.json().total, 0);
    const otherOfficer = await t.userWith('district_officer', { jurisdictionCode: '330102' });
    const farOrg = await provider(t, otherOfficer);
    await post(worker, `/${bed.id}/assess`);
    const foreignOrg = await post(officer, `/${bed.id}/accept`, { buildingOrganisationId: farOrg.orgId });
    assert.equal(foreignOrg.statusCode, 404);
    assert.equal(foreignOrg.json().field, 'buildingOrganisationId');

    const missing = await post(worker, '', { elderId });
    assert.equal(missing.statusCode, 400);
    assert.equal(missing.json().field, 'retrofitDone');
    const noReason = await post(officer, `/${bed.id}/close`, {});
    assert.equal(noReason.statusCode, 400);
    assert.equal(noReason.json().field, 'reason');
    const badReason = await post(officer, `/${bed.id}/close`, { reason: 'bored' });
    assert.equal(badReason.statusCode, 400);
    assert.equal(badReason.json().field, 'reason');
  });
});
