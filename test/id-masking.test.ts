// A role that sees ID numbers masked must not be able to get them back: the mask hides the birth
// date and most of the sequence, masked views show age instead of the birth date, and exact-number
// searches by such a role are counted, limited and audited.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { EXACT_ID_SEARCHES_PER_HOUR } from '../src/domain/elders/service.js';
import { beds, elder, institution, safety } from '../src/domain/institutions/test-helpers.js';
import { maskCitizenId } from '../src/lib/citizen-id.js';
import { type TestApp, testApp } from './support/app.js';
import { elderBody, idNumber } from './support/elders.js';

const BIRTH_DIGITS = /\d{8}/;

describe('masked ID numbers cannot be recovered', () => {
  let t: TestApp;
  let officer: string;
  let assessor: string;
  let created: { id: number; idNumber: string; birthDate: string };
  before(async () => {
    t = await testApp();
    officer = await t.userWith('district_officer', { jurisdictionCode: '330102' });
    assessor = await t.userWith('assessor', { jurisdictionCode: '330102' });
    const body = elderBody({ idNumber: idNumber('1941-07-19', 'M') });
    const res = await t.call(officer, { method: 'POST', url: '/api/v1/elders', payload: body });
    assert.equal(res.statusCode, 201, res.body);
    created = { id: res.json().id, idNumber: body.idNumber as string, birthDate: '1941-07-19' };
  });
  after(() => t.close());

  test('the mask keeps the first four and the last two characters: no birth-date digits', () => {
    const masked = maskCitizenId(created.idNumber);
    assert.equal(masked.length, 18);
    assert.equal(masked, `${created.idNumber.slice(0, 4)}************${created.idNumber.slice(16)}`);
    assert.doesNotMatch(masked, BIRTH_DIGITS);
  });

  test('a masked reader sees age, not the birth date, on the record and in lists; the officer sees both', async () => {
    const asAssessor = (await t.call(assessor, { method: 'GET', url: `/api/v1/elders/${created.id}` })).json();
    assert.equal(asAssessor.idNumberMasked, true);
    assert.equal(asAssessor.idNumber, maskCitizenId(created.idNumber));
    assert.equal(asAssessor.birthDate, null);
    assert.ok(asAssessor.age >= 85);
    assert.doesNotMatch(
      JSON.stringify(asAssessor),
      /1941-07-19|19410719|-07-19/,
      'not even as the 80th birthday of the 高龄 flag',
    );
    assert.equal(asAssessor.flags.find((f: { flag: string }) => f.flag === 'advanced_age').effectiveFrom, null);

    const list = (
      await t.call(assessor, { method: 'GET', url: '/api/v1/elders?jurisdiction=330102&pageSize=100' })
    ).json();
    const row = list.items.find((e: { id: number }) => e.id === created.id);
    assert.equal(row.birthDate, null);
    assert.equal(row.idNumber, maskCitizenId(created.idNumber));

    const asOfficer = (await t.call(officer, { method: 'GET', url: `/api/v1/elders/${created.id}` })).json();
    assert.equal(asOfficer.idNumber, created.idNumber);
    assert.equal(asOfficer.birthDate, created.birthDate);
    const officerList = (
      await t.call(officer, { method: 'GET', url: '/api/v1/elders?jurisdiction=330102&pageSize=100' })
    ).json();
    assert.equal(officerList.items.find((e: { id: number }) => e.id === created.id).birthDate, created.birthDate);
  });

  test('exact-number searches by a masked reader are limited per hour and audited; the officer is not limited', async () => {
    const guesses = Array.from({ length: EXACT_ID_SEARCHES_PER_HOUR }, () => idNumber('1941-07-19', 'M'));
    for (const guess of guesses) {
      const res = await t.call(assessor, { method: 'GET', url: `/api/v1/elders?q=${guess}` });
      assert.equal(res.statusCode, 200, res.body);
    }
    const refused = await t.call(assessor, { method: 'GET', url: `/api/v1/elders?idNumber=${created.idNumber}` });
    assert.equal(refused.statusCode, 429, refused.body);
    assert.equal(refused.json().code, 'too_many_requests');
    // A name search still works: only the number oracle is closed.
    assert.equal((await t.call(assessor, { method: 'GET', url: '/api/v1/elders?q=张' })).statusCode, 200);
    const entries = await t.database.db
      .selectFrom('audit_log')
      .select(['detail'])
      .where('action', '=', 'search')
      .where('username', 'like', 'assessor-%')
      .execute();
    const outcomes = entries.map((e) => (e.detail as { outcome?: string } | null)?.outcome ?? 'answered');
    assert.equal(outcomes.filter((o) => o === 'refused_rate_limit').length, 1);
    assert.ok(outcomes.filter((o) => o === 'answered').length >= EXACT_ID_SEARCHES_PER_HOUR);
    for (let i = 0; i < EXACT_ID_SEARCHES_PER_HOUR + 2; i++) {
      assert.equal(
        (await t.call(officer, { method: 'GET', url: `/api/v1/elders?idNumber=${idNumber()}` })).statusCode,
        200,
      );
    }
  });

  test('the residency shows care staff a masked number, the beds board none; an age, never the birth date', async () => {
    const org = await institution(t, officer, { ownership: 'private' });
    const staff = await t.userWith('institution_staff', { organisationId: org.id });
    const [bed] = await beds(t, staff, org.id, 1);
    const e = await elder(t, officer, { name: '床位甲' });
    const admitted = await t.call(staff, {
      method: 'POST',
      url: `/api/v1/institutions/${org.id}/residents`,
      payload: { admittedOn: '2025-03-02', safety: safety(), bedId: bed!.id, idNumber: e.idNumber },
    });
    assert.equal(admitted.statusCode, 201, admitted.body);
    assert.equal(admitted.json().elder.idNumber, maskCitizenId(e.idNumber));
    assert.equal(admitted.json().elder.birthDate, null);
    const board = await t.call(staff, { method: 'GET', url: `/api/v1/institutions/${org.id}/beds` });
    const occupied = board.json().find((b: { id: number }) => b.id === bed!.id);
    // The board names residents and their age; it carries no ID number at all, not even masked.
    assert.equal(occupied.resident.idNumber, undefined);
    assert.equal(typeof occupied.resident.age, 'number');
    assert.ok(!board.body.includes(e.idNumber), 'the full number is nowhere on the board');
    assert.doesNotMatch(board.body, new RegExp(e.idNumber.slice(6, 14)));
  });
});
