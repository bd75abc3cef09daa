// Pure mapping from a worker's employment facts to the questions put to the policy engine:
// which rule, on which date, with which facts. The engine decides eligibility (frontline, 事业编,
// graduated ≤ 3 years before hiring …); this only translates our words into the rules' words.

export interface IncentiveFacts {
  workerId: number;
  employmentId: number;
  organisationId: number;
  organisationKind: string;
  jurisdictionCode: string;
  districtCode: string;
  jobRole: string;
  frontline: boolean;
  establishment: boolean;
  hiredOn: string;
  leftOn: string | null;
  education: string;
  graduatedOn: string | null;
  /** Best caregiver skill certificate held on the day (5 五级 … 1 一级), null without one. */
  skillLevel: number | null;
  certificateId: number | null;
  certifiedOn: string | null;
}

export interface PolicyAsk {
  incentive: 'certificate_bonus' | 'entry_bonus' | 'post_allowance';
  rule: string;
  /** The date whose rule version applies: certification, hiring, or the month. */
  onDate: string;
  /** What earned it; with the instalment number it keys the stored instalment. */
  basis: string;
  facts: Record<string, unknown>;
}

/** Our education levels in the entry-bonus rule's words; others are not graduates it covers. */
export const ENTRY_EDUCATION: Record<string, string> = {
  secondary_vocational: 'secondaryVocational',
  college: 'juniorCollege',
  bachelor: 'bachelorOrAbove',
  postgraduate: 'bachelorOrAbove',
};

/** Our job roles in the entry-bonus rule's words (rule versions differ in which roles they cover). */
export const ENTRY_ROLE: Record<string, string> = {
  caregiver: 'caregiver',
  nurse: 'medicalCare',
  doctor: 'medicalCare',
  rehab_nurse: 'rehabilitationNursing',
  rehab_therapist: 'rehabilitationNursing',
  rehab_physician: 'rehabilitationNursing',
  social_worker: 'psychologicalCounselling',
  assessor: 'abilityAssessment',
  manager: 'other',
  other: 'other',
};

export function eligibilityFacts(f: IncentiveFacts, month?: string): PolicyAsk[] {
  const asks: PolicyAsk[] = [];
  const inInstitution = f.organisationKind === 'institution';
  if (f.skillLevel != null && f.certifiedOn && f.jobRole === 'caregiver') {
    asks.push({
      incentive: 'certificate_bonus',
      rule: 'workforce.certificateBonus',
      onDate: f.certifiedOn,
      basis: `certificate:${f.certificateId}`,
      // 持证奖补 is for frontline caregiving *in an institution*.
      facts: {
        skillLevel: f.skillLevel,
        certifiedOn: f.certifiedOn,
        frontline: f.frontline && inInstitution,
        establishmentStaff: f.establishment,
      },
    });
  }
  const education = ENTRY_EDUCATION[f.education];
  // 000 §10 grants the entry bonus for 一线护理 work; the engine's entryBonus rule has no frontline
  // or 事业编 facts yet, so those two conditions are applied here until the rule carries them.
  if (education && f.graduatedOn && f.frontline && !f.establishment) {
    asks.push({
      incentive: 'entry_bonus',
      rule: 'workforce.entryBonus',
      onDate: f.hiredOn,
      basis: `employment:${f.employmentId}`,
      facts: {
        education,
        graduatedOn: f.graduatedOn,
        hiredOn: f.hiredOn,
        role: ENTRY_ROLE[f.jobRole] ?? 'other',
        ...(f.leftOn ? { leftOn: f.leftOn } : {}),
      },
    });
  }
  if (month && f.skillLevel != null && f.jobRole === 'caregiver') {
    asks.push({
      incentive: 'post_allowance',
      rule: 'workforce.postAllowance',
      onDate: `${month}-01`,
      basis: `month:${month}`,
      facts: { skillLevel: f.skillLevel, month, employedInInstitution: inInstitution },
    });
  }
  return asks;
}
