// Concurrent vacancies and answers never double-book: a bed is never offered to two applicants at
// once and an applicant never holds two offers. Runs on both engines (PostgreSQL with a pool of
// connections is the real race; PGlite serialises and must give the same result).

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { type TestApp, testApp } from '../../../test/support/app.js';
import { useLevelSource } from './assessment-level.js';
import { expireDueOffers } from './offers.js';
import { apply, assertBedCountsMatch, beds, discharge, elder, institution, occupy } from './test-helpers.js';

describe('waiting list under concurrency', () => {
  let t: TestApp;
  let officer: string;
  let restore: () => void;
  before(async () => {
    t = await testApp();
    restore = useLevelSource(async () => 2);
    officer = await t.userWith('district_officer', { jurisdictionCode: '330102' });
  });
  after(async () => {
    restore();
    await t.close();
  });

  async function fullInstitution(bedCount: number) {
    const org = await institution(t, officer, { ownership: 'public' });
    const staff = await t.userWith('institution_staff', { organisationId: org.id });
    const stays = await occupy(
      t,
      officer,
      org.id,
      (await beds(t, officer, org.id, bedCount)).map((b) => b.id),
    );
    return { org, staff, stays };
  }

  async function holdingOffers() {
    return t.database.db
      .selectFrom('bed_offers')
      .select(['id', 'bed_id', 'application_id', 'elder_id', 'organisation_id'])
      .where('status', 'in', ['active', 'accepted'])
      .execute();
  }

  function assertNoDoubles(rows: { bed_id: number; application_id: number; elder_id: number }[]) {
    assert.equal(new Set(rows.map((r) => r.bed_id)).size, rows.length, 'a bed holds one offer');
    assert.equal(new Set(rows.map((r) => r.application_id)).size, rows.length, 'an applicant holds one offer');
    assert.equal(new Set(rows.map((r) => r.elder_id)).size, rows.length, 'an elder holds one offer');
  }

  test('eight beds freed at once go to the first eight applicants, one each', async () => {
    const { org, staff, stays } = await fullInstitution(8);
    const apps: number[] = [];
    for (let i = 0; i < 12; i++)
      apps.push(
        (await apply(t, officer, (await elder(t, officer)).id, [org.id], `2024-01-${String(i + 1).padStart(2, '0')}`))
          .id,
      );
    const results = await Promise.all(stays.map((id) => discharge(t, staff, id)));
    assert.deepEqual(
      results.map((r) => r.statusCode),
      stays.map(() => 200),
    );
    const offers = (await holdingOffers()).filter((o) => o.organisation_id === org.id);
    assert.equal(offers.length, 8);
    assertNoDoubles(offers);
    assert.deepEqual(
      offers.map((o) => o.application_id).sort((a, b) => a - b),
      apps.slice(0, 8),
    );
  });

  test('two institutions sharing applicants: simultaneous vacancies never give anyone two offers', async () => {
    const x = await fullInstitution(3);
    const y = await fullInstitution(3);
    for (let i = 0; i < 4; i++) await apply(t, officer, (await elder(t, officer)).id, [x.org.id, y.org.id]);
    await Promise.all([
      ...x.stays.map((id) => discharge(t, x.staff, id)),
      ...y.stays.map((id) => discharge(t, y.staff, id)),
    ]);
    const offers = (await holdingOffers()).filter(
      (o) => o.organisation_id === x.org.id || o.organisation_id === y.org.id,
    );
    assert.equal(offers.length, 4, 'four applicants, six beds: four offers');
    assertNoDoubles(offers);
  });

  test('the database itself refuses a second holding offer for a bed or an applicant', async () => {
    const [offer] = await holdingOffers();
    assert.ok(offer);
    const otherApp = await t.database.db
      .selectFrom('waitlist_applications')
      .select(['id', 'elder_id'])
      .where('id', '!=', offer.application_id)
      .executeTakeFirstOrThrow();
    const insert = (bedId: number, app: { id: number; elder_id: number }) =>
      sql`INSERT INTO bed_offers (application_id, elder_id, bed_id, organisation_id, district_code, offered_at, expires_at)
          VALUES (${app.id}, ${app.elder_id}, ${bedId}, ${offer.organisation_id}, '330102', now(), now() + interval '1 day')`.execute(
        t.database.db,
      );
    await assert.rejects(insert(offer.bed_id, otherApp), /bed_offers_holding_bed_key/);
    const freeBed = await t.database.db.selectFrom('beds').select('id').where('status', '=', 'free').executeTakeFirst();
    const anyBed =
      freeBed?.id ??
      (await t.database.db.selectFrom('beds').select('id').where('id', '!=', offer.bed_id).executeTakeFirstOrThrow())
        .id;
    await assert.rejects(
      insert(anyBed, { id: offer.application_id, elder_id: offer.elder_id }),
      /bed_offers_holding_(application|elder)_key/,
    );
  });

  test('accepting and declining the same offer at once: exactly one answer wins', async () => {
    const { org, staff, stays } = await fullInstitution(1);
    const e = await elder(t, officer);
    const family = await t.userWith('elder_family', { elderId: e.id });
    const app = await apply(t, family, e.id, [org.id]);
    await apply(t, officer, (await elder(t, officer)).id, [org.id]);
    await discharge(t, staff, stays[0]!);
    const offerId = (
      await t.database.db
        .selectFrom('bed_offers')
        .select('id')
        .where('application_id', '=', app.id)
        .where('status', '=', 'active')
        .executeTakeFirstOrThrow()
    ).id;
    const [a, d] = await Promise.all([
      t.call(family, { method: 'POST', url: `/api/v1/waitlist/offers/${offerId}/accept`, payload: {} }),
      t.call(officer, { method: 'POST', url: `/api/v1/waitlist/offers/${offerId}/decline`, payload: {} }),
    ]);
    assert.deepEqual([a.statusCode, d.statusCode].sort(), [200, 409]);
    const offers = (await holdingOffers()).filter((o) => o.organisation_id === org.id);
    assert.equal(offers.length, 1, 'the bed is held once: by the acceptor, or by the next applicant after the decline');
    assertNoDoubles(await holdingOffers());
  });

  test('two expiry sweeps at once expire each offer once and pass each bed on once', async () => {
    const { org, staff, stays } = await fullInstitution(3);
    for (let i = 0; i < 6; i++) await apply(t, officer, (await elder(t, officer)).id, [org.id]);
    await Promise.all(stays.map((id) => discharge(t, staff, id)));
    const later = new Date(Date.now() + 80 * 3_600_000);
    const [n1, n2] = await Promise.all([
      expireDueOffers(t.database.db, later, { organisationId: org.id }),
      expireDueOffers(t.database.db, later, { organisationId: org.id }),
    ]);
    assert.equal(n1 + n2, 3);
    const offers = (await holdingOffers()).filter((o) => o.organisation_id === org.id);
    assert.equal(offers.length, 3, 'each bed went on to one of the next three applicants');
    assertNoDoubles(await holdingOffers());
    const expired = await t.database.db
      .selectFrom('bed_offers')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('organisation_id', '=', org.id)
      .where('status', '=', 'expired')
      .executeTakeFirstOrThrow();
    assert.equal(Number(expired.n), 3);
  });

  test('the live bed counters agree with the beds after all of the above', async () => {
    await assertBedCountsMatch(t.database.db);
  });
});
