// 适老化改造 through the HTTP API: a project per funded household (特困 at the higher cap, 低保 at
// the lower), refused without a funded status and a second time; the assessment's items from the
// catalogue within their unit caps, cost and subsidy by the setting; contractor and acceptance with
// photos in order, the subsidy paid to the contractor from the district budget once (a short
// budget refuses and writes nothing); 应改尽改 progress per community; scope and input errors.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type TestApp, testApp } from '../../../test/support/app.js';
import { elderBody, idNumber } from '../../../test/support/elders.js';
import { budget } from '../ledger/ledger-fixtures.js';
import { adaptationPaymentKey, adaptationSubsidy, adaptationTier } from './home-adaptations.js';

const COMMUNITY = '330102001051';

describe('community: home adaptation', () => {
  let t: TestApp;
  let worker: string;
  let street: string;
  let orgId: number;
  let admin: string;
  let budgetId: number;
  const ids: Record<string, number> = {};
  const post = (token: string, url: string, payload: Record<string, unknown>) =>
    t.call(token, { method: 'POST', url: `/api/v1/home-adaptations${url}`, payload });

  before(async () => {
    t = await testApp();
    worker = await t.userWith('community_worker', { jurisdictionCode: COMMUNITY });
    street = await t.userWith('street_officer', { jurisdictionCode: '330102001' });
    admin = await t.userWith('city_admin', { jurisdictionCode: '330100' });
    budgetId = await budget(t, admin, '330102', 10_000_000);
    for (const [key, birth, flag] of [
      ['poorest', '1949-05-05', 'extreme_poverty'],
      ['allowance', '1950-06-06', 'subsistence'],
      ['alone', '1951-07-07', 'living_alone'],
    ] as const) {
      const res = await t.call(worker, {
        method: 'POST',
        url: '/api/v1/elders',
        payload: elderBody({ idNumber: idNumber(birth, 'M'), communityCode: COMMUNITY }),
      });
      assert.equal(res.statusCode, 201, res.body);
      ids[key] = res.json().id;
      const f = await t.call(worker, {
        method: 'POST',
        url: `/api/v1/elders/${ids[key]}/flags`,
        payload: { flag, effectiveFrom: '2024-01-01' },
      });
      assert.ok(f.statusCode < 300, f.body);
    }
    const org = await t.database.db
      .insertInto('organisations')
      .values({ kind: 'contractor', name: '清波适老化施工队', jurisdiction_code: COMMUNITY, district_code: '330102' })
      .returning('id')
      .executeTakeFirstOrThrow();
    orgId = org.id;
  });
  after(() => t.close());

  test('tier and subsidy rules', () => {
    const tiers = [
      { name: 'a', anyFlags: ['extreme_poverty'], sharePct: 100, capFen: 500_000 },
      { name: 'b', anyFlags: ['subsistence', 'extreme_poverty'], sharePct: 80, capFen: 300_000 },
    ];
    assert.equal(adaptationTier(tiers, ['extreme_poverty'])?.name, 'a', 'the higher cap wins');
    assert.equal(adaptationTier(tiers, ['subsistence'])?.name, 'b');
    assert.equal(adaptationTier(tiers, ['living_alone']), null);
    for (const [cost, tier, want] of [
      [100_000, tiers[0]!, 100_000],
      [600_000, tiers[0]!, 500_000],
      [100_001, tiers[1]!, 80_000],
      [999_999, tiers[1]!, 300_000],
      [0, tiers[1]!, 0],
    ] as const)
      assert.equal(adaptationSubsidy(cost, tier), want, `${cost} at ${tier.name}`);
  });

  test('the catalogue is data, with names and caps', async () => {
    const res = await t.call(worker, { method: 'GET', url: '/api/v1/home-adaptations/items' });
    assert.equal(res.statusCode, 200, res.body);
    const bar = res.json().find((i: { code: string }) => i.code === 'grab_bar');
    assert.deepEqual(bar, {
      code: 'grab_bar',
      nameZh: '安全扶手',
      nameEn: 'Grab bar',
      unitZh: '根',
      unitEn: 'bar',
      unitCapFen: 30000,
    });
  });

  test('the whole project: open, assess within caps, contract, accept with photos', async () => {
    const refused = await post(worker, '', { elderId: ids.alone });
    assert.equal(refused.statusCode, 400, refused.body);
    assert.equal(refused.json().code, 'ha_not_eligible');

    const opened = await post(worker, '', { elderId: ids.poorest });
    assert.equal(opened.statusCode, 201, opened.body);
    const p = opened.json();
    assert.equal(p.status, 'applied');
    assert.equal(p.tier, '特困供养人员');
    assert.equal(p.capFen, 500_000);
    const twice = await post(worker, '', { elderId: ids.poorest });
    assert.equal(twice.statusCode, 409);
    assert.equal(twice.json().code, 'ha_open_exists');

    const tooEarly = await post(worker, `/${p.id}/accept`, { photos: ['photo-1'] });
    assert.equal(tooEarly.statusCode, 409);
    assert.equal(tooEarly.json().code, 'ha_state');

    const overCap = await post(worker, `/${p.id}/assess`, {
      items: [
        { code: 'grab_bar', quantity: 3, unitCostFen: 20_000 },
        { code: 'raised_toilet', quantity: 1, unitCostFen: 60_000 },
      ],
    });
    assert.equal(overCap.statusCode, 400, overCap.body);
    assert.equal(overCap.json().code, 'ha_item_over_cap');
    assert.equal(overCap.json().field, 'items/1/unitCostFen');
    const unknown = await post(worker, `/${p.id}/assess`, {
      items: [{ code: 'jacuzzi', quantity: 1, unitCostFen: 1 }],
    });
    assert.equal(unknown.statusCode, 400);
    assert.equal(unknown.json().field, 'items/0/code');

    const assessed = await post(worker, `/${p.id}/assess`, {
      note: '卫生间无扶手，地面湿滑',
      items: [
        { code: 'grab_bar', quantity: 3, unitCostFen: 20_000 },
        { code: 'non_slip_floor', quantity: 6, unitCostFen: 12_000 },
        { code: 'raised_toilet', quantity: 1, unitCostFen: 45_000 },
      ],
    });
    assert.equal(assessed.statusCode, 200, assessed.body);
    const a = assessed.json();
    assert.equal(a.status, 'assessed');
    assert.equal(a.costFen, 60_000 + 72_000 + 45_000);
    assert.equal(a.subsidyFen, 177_000);
    assert.equal(a.selfPayFen, 0);
    assert.deepEqual(
      a.items.map((i: { code: string; totalFen: number }) => [i.code, i.totalFen]),
      [
        ['grab_bar', 60_000],
        ['non_slip_floor', 72_000],
        ['raised_toilet', 45_000],
      ],
    );

    const elsewhere = await t.database.db
      .insertInto('organisations')
      .values({ kind: 'contractor', name: '西湖施工队', jurisdiction_code: '330106002051', district_code: '330106' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const farOrg = await post(worker, `/${p.id}/contract`, { contractorOrganisationId: elsewhere.id });
    assert.equal(farOrg.statusCode, 404);
    assert.equal(farOrg.json().field, 'contractorOrganisationId');
    const contracted = await post(worker, `/${p.id}/contract`, { contractorOrganisationId: orgId });
    assert.equal(contracted.statusCode, 200, contracted.body);
    assert.equal(contracted.json().contractorName, '清波适老化施工队');
    const noPhotos = await post(worker, `/${p.id}/accept`, { photos: [] });
    assert.equal(noPhotos.statusCode, 400);
    const accepted = await post(worker, `/${p.id}/accept`, { photos: ['ha/1/before.jpg', 'ha/1/after.jpg'] });
    assert.equal(accepted.statusCode, 200, accepted.body);
    assert.equal(accepted.json().status, 'accepted');
    assert.deepEqual(accepted.json().photos, ['ha/1/before.jpg', 'ha/1/after.jpg']);
    const reassess = await post(worker, `/${p.id}/assess`, {
      items: [{ code: 'night_light', quantity: 1, unitCostFen: 1 }],
    });
    assert.equal(reassess.statusCode, 409, 'an accepted project is not assessed again');
  });

  test('the lower tier caps the subsidy; the household pays the rest', async () => {
    const opened = await post(worker, '', { elderId: ids.allowance });
    assert.equal(opened.statusCode, 201, opened.body);
    const assessed = await post(worker, `/${opened.json().id}/assess`, {
      items: [{ code: 'doorway_widening', quantity: 2, unitCostFen: 180_000 }],
    });
    assert.equal(assessed.statusCode, 200, assessed.body);
    assert.equal(assessed.json().costFen, 360_000);
    assert.equal(assessed.json().subsidyFen, 300_000);
    assert.equal(assessed.json().selfPayFen, 60_000);
  });

  test('应改尽改 progress: eligible households against accepted projects', async () => {
    const res = await t.call(street, { method: 'GET', url: '/api/v1/home-adaptations/progress' });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.jurisdiction, '330102001');
    const row = body.rows.find((r: { code: string }) => r.code === COMMUNITY);
    assert.deepEqual(
      { eligible: row.eligible, accepted: row.accepted, inProgress: row.inProgress, rate: row.rate },
      { eligible: 2, accepted: 1, inProgress: 1, rate: 50 },
    );
    const district = await t.userWith('district_officer', { jurisdictionCode: '330102' });
    const d = (await t.call(district, { method: 'GET', url: '/api/v1/home-adaptations/progress' })).json();
    assert.equal(d.rows[0].code, '330102001');
    assert.equal(d.total.accepted, 1);
  });

  test('out of scope answers 404 as for a missing id; lists see only their place', async () => {
    const list = await t.call(worker, { method: 'GET', url: '/api/v1/home-adaptations?status=accepted' });
    assert.equal(list.statusCode, 200, list.body);
    assert.equal(list.json().total, 1);
    const id = list.json().items[0].id;
    const westlake = await t.userWith('community_worker', { jurisdictionCode: '330106002051' });
    const far = await t.call(westlake, { method: 'GET', url: `/api/v1/home-adaptations/${id}` });
    const missing = await t.call(westlake, { method: 'GET', url: '/api/v1/home-adaptations/999999' });
    assert.equal(far.statusCode, 404);
    assert.deepEqual(far.json(), missing.json());
    assert.equal((await t.call(westlake, { method: 'GET', url: '/api/v1/home-adaptations' })).json().total, 0);
    const farElder = await post(westlake, '', { elderId: ids.alone });
    assert.equal(farElder.statusCode, 404);
    assert.equal(farElder.json().field, 'elderId');
    const farPlace = await t.call(westlake, {
      method: 'GET',
      url: '/api/v1/home-adaptations/progress?jurisdiction=330102',
    });
    assert.equal(farPlace.statusCode, 404);
    const en = await t.call(worker, {
      method: 'POST',
      url: `/api/v1/home-adaptations/${id}/accept`,
      payload: { photos: ['x'] },
      headers: { 'accept-language': 'en' },
    });
    assert.equal(en.statusCode, 409);
    assert.match(en.json().message, /accepted: cannot accept/);
  });
  const balance = async (accountId: number) =>
    Number(
      (
        await t.database.db
          .selectFrom('ledger_accounts')
          .select('balance')
          .where('id', '=', accountId)
          .executeTakeFirstOrThrow()
      ).balance,
    );
  const transfersWithKey = (key: string) =>
    t.database.db.selectFrom('ledger_transfers').selectAll().where('idempotency_key', '=', key).execute();

  /** A funded household of `community` with a contracted project of one grab bar per 10,000 fen. */
  async function contractedProject(token: string, community: string, birth: string, bars: number, contractor: number) {
    const elder = await t.call(token, {
      method: 'POST',
      url: '/api/v1/elders',
      payload: elderBody({ idNumber: idNumber(birth, 'F'), communityCode: community }),
    });
    assert.equal(elder.statusCode, 201, elder.body);
    const flag = await t.call(token, {
      method: 'POST',
      url: `/api/v1/elders/${elder.json().id}/flags`,
      payload: { flag: 'extreme_poverty', effectiveFrom: '2024-01-01' },
    });
    assert.ok(flag.statusCode < 300, flag.body);
    const p = (await post(token, '', { elderId: elder.json().id })).json();
    const assessed = await post(token, `/${p.id}/assess`, {
      items: [{ code: 'grab_bar', quantity: bars, unitCostFen: 10_000 }],
    });
    assert.equal(assessed.statusCode, 200, assessed.body);
    const contracted = await post(token, `/${p.id}/contract`, { contractorOrganisationId: contractor });
    assert.equal(contracted.statusCode, 200, contracted.body);
    return p.id as number;
  }

  test('acceptance paid the subsidy to the contractor once, from the district budget, shown on the project', async () => {
    const list = (await t.call(worker, { method: 'GET', url: '/api/v1/home-adaptations?status=accepted' })).json();
    const id = list.items[0].id as number;
    const view = (await t.call(worker, { method: 'GET', url: `/api/v1/home-adaptations/${id}` })).json();
    assert.equal(view.payment.amountFen, 177_000);
    assert.equal(view.payment.idempotencyKey, adaptationPaymentKey(id));
    assert.equal(view.payment.debitAccountId, budgetId);
    const [transfer] = await transfersWithKey(adaptationPaymentKey(id));
    assert.equal(Number(transfer!.id), view.payment.transferId);
    assert.equal(Number(transfer!.amount), 177_000);
    // Debits equal credits: what the budget paid is what the contractor received.
    assert.equal(await balance(view.payment.creditAccountId), 177_000);
    assert.equal(await balance(budgetId), -177_000);
    const again = await post(worker, `/${id}/accept`, { photos: ['again.jpg'] });
    assert.equal(again.statusCode, 409);
    assert.equal((await transfersWithKey(adaptationPaymentKey(id))).length, 1);
    assert.equal(await balance(budgetId), -177_000);
  });

  test('two acceptances at once pay once', async () => {
    const id = await contractedProject(worker, COMMUNITY, '1946-02-02', 2, orgId);
    const before = await balance(budgetId);
    const answers = await Promise.all([
      post(worker, `/${id}/accept`, { photos: ['a.jpg'] }),
      post(worker, `/${id}/accept`, { photos: ['b.jpg'] }),
    ]);
    assert.deepEqual(answers.map((a) => a.statusCode).sort(), [200, 409]);
    assert.equal((await transfersWithKey(adaptationPaymentKey(id))).length, 1);
    assert.equal(before - (await balance(budgetId)), 20_000);
  });

  test('a short district budget refuses the acceptance with the account named, and nothing is written', async () => {
    const westlake = await t.userWith('community_worker', { jurisdictionCode: '330106002051' });
    const small = await budget(t, admin, '330106', 5_000);
    const contractor = await t.database.db
      .insertInto('organisations')
      .values({
        kind: 'contractor',
        name: '西湖适老化施工队',
        jurisdiction_code: '330106002051',
        district_code: '330106',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const id = await contractedProject(westlake, '330106002051', '1947-03-03', 3, contractor.id);
    const audits = async () =>
      (
        await t.database.db
          .selectFrom('audit_log')
          .select('id')
          .where('entity_type', '=', 'home_adaptation')
          .where('entity_id', '=', String(id))
          .execute()
      ).length;
    const auditsBefore = await audits();
    const refused = await post(westlake, `/${id}/accept`, { photos: ['x.jpg'] });
    assert.equal(refused.statusCode, 409, refused.body);
    assert.equal(refused.json().code, 'appropriation_exceeded');
    assert.match(refused.json().message, new RegExp(`#${small}`));
    const view = (await t.call(westlake, { method: 'GET', url: `/api/v1/home-adaptations/${id}` })).json();
    assert.equal(view.status, 'contracted');
    assert.equal(view.payment, null);
    assert.deepEqual(view.photos, []);
    assert.equal((await transfersWithKey(adaptationPaymentKey(id))).length, 0);
    assert.equal(await balance(small), 0);
    assert.equal(await audits(), auditsBefore + 1, 'only the read just made');
  });
});
