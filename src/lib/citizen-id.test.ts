import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkCharacter, makeCitizenId, maskCitizenId, parseCitizenId } from './citizen-id.js';
import { ageOn, bornOnOrBefore, isIsoDate } from './dates.js';

test('the standard examples of GB 11643 are valid', () => {
  assert.deepEqual(parseCitizenId('11010519491231002X'), { addressCode: '110105', birthDate: '1949-12-31', sex: 'F' });
  assert.deepEqual(parseCitizenId('440524188001010014'), { addressCode: '440524', birthDate: '1880-01-01', sex: 'M' });
  assert.deepEqual(
    parseCitizenId('11010519491231002x'),
    { addressCode: '110105', birthDate: '1949-12-31', sex: 'F' },
    'lower-case x',
  );
});

test('every wrong check character is refused', () => {
  const first17 = '33010219500101002';
  const right = checkCharacter(first17);
  for (const c of '0123456789X') {
    const result = parseCitizenId(first17 + c);
    if (c === right) assert.ok(!('problem' in result));
    else assert.deepEqual(result, { problem: 'check_digit' });
  }
});

test('format and calendar problems are named', () => {
  assert.deepEqual(parseCitizenId('3301021950010100'), { problem: 'format' });
  assert.deepEqual(parseCitizenId('33010219500101002A'), { problem: 'format' });
  assert.deepEqual(
    parseCitizenId(makeCitizenId('330102', '1950-02-29', 21)),
    { problem: 'birth_date' },
    '1950 is not a leap year',
  );
  assert.ok(!('problem' in parseCitizenId(makeCitizenId('330102', '1952-02-29', 21))), '1952 is');
  assert.deepEqual(parseCitizenId(makeCitizenId('330102', '2099-01-01', 21), new Date('2026-01-01')), {
    problem: 'birth_date',
  });
});

test('historic address codes are accepted: only format and check digit count', () => {
  assert.ok(
    !('problem' in parseCitizenId(makeCitizenId('330104', '1940-05-05', 33))),
    '330104 江干区 no longer exists',
  );
});

test('masking keeps the first four and last four characters', () => {
  assert.equal(maskCitizenId('11010519491231002X'), '1101************2X');
});

test('ages and age bounds on the Shanghai calendar', () => {
  assert.equal(ageOn('1946-11-22', '2026-11-22'), 80);
  assert.equal(ageOn('1946-11-23', '2026-11-22'), 79);
  assert.equal(bornOnOrBefore(80, '2026-11-22'), '1946-11-22');
  assert.equal(isIsoDate('2026-02-29'), false);
  assert.equal(isIsoDate('2028-02-29'), true);
});
