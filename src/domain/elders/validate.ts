// Registration rules shared by the API, the import and the web form.
import { normaliseCitizenId, parseCitizenId } from '../../lib/citizen-id.js';
import { ageOn, todayInShanghai } from '../../lib/dates.js';
import type { FieldError } from '../../lib/errors.js';

export interface ElderDraft {
  name: string;
  idNumber: string;
  phone?: string | null;
  communityCode: string;
  address: string;
  hukouCode?: string | null;
  /** WGS-84 home coordinates; absent or null: the community's centre. */
  home?: { lat: number; lng: number } | null;
}

export interface CheckedElder extends ElderDraft {
  idNumber: string;
  birthDate: string;
  sex: 'M' | 'F';
  age: number;
}

export const PHONE_PATTERN = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;

/** Checks one elder; returns the problems (field, rule) instead of throwing, so imports can list them all. */
export function checkElder(
  draft: ElderDraft,
  minAge: number,
  today = todayInShanghai(),
): { elder?: CheckedElder; problems: FieldError[] } {
  const problems: FieldError[] = [];
  const name = (draft.name ?? '').trim();
  if (!name) problems.push({ field: 'name', code: 'required' });
  else if (name.length > 50) problems.push({ field: 'name', code: 'too_long', params: { limit: 50 } });
  const address = (draft.address ?? '').trim();
  if (!address) problems.push({ field: 'address', code: 'required' });
  const phone = draft.phone?.trim() || null;
  if (phone && !PHONE_PATTERN.test(phone)) problems.push({ field: 'phone', code: 'invalid_format' });
  if (!/^\d{12}$/.test(draft.communityCode ?? ''))
    problems.push({ field: 'communityCode', code: 'unknown_community', params: { code: draft.communityCode ?? '' } });

  const idNumber = normaliseCitizenId(draft.idNumber ?? '');
  let birthDate = '';
  let sex: 'M' | 'F' = 'M';
  let age = 0;
  if (!idNumber) problems.push({ field: 'idNumber', code: 'required' });
  else {
    const parsed = parseCitizenId(idNumber, new Date(`${today}T23:59:59+08:00`));
    if ('problem' in parsed) {
      const code =
        parsed.problem === 'format'
          ? 'id_number_format'
          : parsed.problem === 'birth_date'
            ? 'id_number_birth_date'
            : 'id_number_check_digit';
      problems.push({ field: 'idNumber', code });
    } else {
      birthDate = parsed.birthDate;
      sex = parsed.sex;
      age = ageOn(birthDate, today);
      if (age < minAge) problems.push({ field: 'idNumber', code: 'elder_too_young', params: { minAge, age } });
    }
  }
  if (problems.length) return { problems };
  return {
    problems,
    elder: {
      name,
      idNumber,
      phone,
      communityCode: draft.communityCode,
      address,
      hukouCode: draft.hukouCode?.trim() || null,
      birthDate,
      sex,
      age,
    },
  };
}
