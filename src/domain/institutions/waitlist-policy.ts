// The waiting list's rules as a pure function of an applicant's facts and a versioned policy
// (waitlist-policy.json): eligibility, priority tier with its reasons, and what a decline does.
import { readFileSync } from 'node:fs';

export interface Condition {
  label?: string;
  /** Holds when the applicant has any of these status flags. */
  flags?: string[];
  /** Assessment level (GB/T 42195: 0 intact … 4 total loss) at least this; unassessed never matches. */
  minLevel?: number;
  minAge?: number;
  /** At least one of these holds (all other keys of the condition must hold as well). */
  anyOf?: Condition[];
}

export interface WaitlistPolicy {
  version: string;
  jurisdiction: string;
  effectiveFrom: string;
  source: string;
  appliesToOwnership: string[];
  offerValidHours: number;
  declines: { sendToBackAfter: number; expiryCountsAsDecline: boolean };
  eligibility: { minAge: number; anyOf: Condition[]; otherwise: string };
  tiers: { tier: number; label: string; when: Condition }[];
}

export interface ApplicantFacts {
  age: number;
  /** Status flags in force on the day (elder registry codes, incl. derived advanced_age). */
  flags: string[];
  /** Current signed assessment level, null when unassessed. */
  level: number | null;
}

export interface Placement {
  eligible: boolean;
  tier: number;
  label: string;
  /** Human-readable facts that decided eligibility and tier, in the order they count. */
  reasons: string[];
  policyVersion: string;
}

function loadPolicies(): WaitlistPolicy[] {
  const file = JSON.parse(readFileSync(new URL('./waitlist-policy.json', import.meta.url), 'utf8')) as {
    versions: WaitlistPolicy[];
  };
  for (const p of file.versions) {
    if (!(p.offerValidHours > 0)) throw new Error(`waitlist policy ${p.version}: offerValidHours must be positive`);
    if (!p.tiers.length || Object.keys(p.tiers[p.tiers.length - 1]!.when).length)
      throw new Error(`waitlist policy ${p.version}: the last tier must match everyone`);
    // The served schema (waitlist-schemas.ts) declares one level of anyOf; a deeper one would be cut off.
    for (const c of [...p.eligibility.anyOf, ...p.tiers.map((t) => t.when)])
      if (c.anyOf?.some((sub) => sub.anyOf))
        throw new Error(`waitlist policy ${p.version}: conditions nest one anyOf deep at most`);
  }
  return file.versions.sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
}

export const WAITLIST_POLICIES: readonly WaitlistPolicy[] = loadPolicies();

/**
 * The policy in force on a date for a place (the most specific jurisdiction prefix wins, then the
 * latest effective date). INTEGRATION POINT: when src/domain/policy serves rules, this becomes a
 * call to it with rule 'public_institution_admission_waiting_list'.
 */
export function waitlistPolicyOn(
  date: string,
  place = '330100',
  policies: readonly WaitlistPolicy[] = WAITLIST_POLICIES,
): WaitlistPolicy {
  const applicable = policies
    .filter((p) => p.effectiveFrom <= date && place.startsWith(p.jurisdiction.replace(/0+$/, '')))
    .sort(
      (a, b) =>
        b.jurisdiction.replace(/0+$/, '').length - a.jurisdiction.replace(/0+$/, '').length ||
        b.effectiveFrom.localeCompare(a.effectiveFrom),
    );
  const policy = applicable[0] ?? policies[policies.length - 1];
  if (!policy) throw new Error('no waiting-list policy configured');
  return policy;
}

export function matches(c: Condition, f: ApplicantFacts): boolean {
  if (c.flags && !c.flags.some((flag) => f.flags.includes(flag))) return false;
  if (c.minLevel != null && (f.level == null || f.level < c.minLevel)) return false;
  if (c.minAge != null && f.age < c.minAge) return false;
  if (c.anyOf && !c.anyOf.some((sub) => matches(sub, f))) return false;
  return true;
}

export const FLAG_WORDS: Record<string, string> = {
  extreme_poverty: '特困',
  subsistence: '低保',
  near_subsistence: '低保边缘',
  family_planning_special: '计划生育特殊家庭',
  disabled: '失能',
  dementia: '失智',
  severe_disability: '重残',
  advanced_age: '高龄',
};

/** The facts behind a placement, in words the family reads. */
export function factWords(f: ApplicantFacts): string[] {
  const words = f.flags.filter((flag) => FLAG_WORDS[flag] && flag !== 'advanced_age').map((flag) => FLAG_WORDS[flag]!);
  words.push(f.level == null ? '尚未完成能力评估' : `能力评估 ${f.level} 级`);
  words.push(`${f.age} 周岁`);
  return words;
}

export function placeApplicant(f: ApplicantFacts, policy: WaitlistPolicy): Placement {
  const facts = factWords(f);
  if (f.age < policy.eligibility.minAge) {
    return {
      eligible: false,
      tier: 99,
      label: '不符合条件',
      reasons: [`未满 ${policy.eligibility.minAge} 周岁`, ...facts],
      policyVersion: policy.version,
    };
  }
  const basis = policy.eligibility.anyOf.find((c) => matches(c, f));
  if (!basis)
    return {
      eligible: false,
      tier: 99,
      label: '不符合条件',
      reasons: [policy.eligibility.otherwise, ...facts],
      policyVersion: policy.version,
    };
  const tier = policy.tiers.find((t) => matches(t.when, f))!;
  return {
    eligible: true,
    tier: tier.tier,
    label: tier.label,
    reasons: [`符合条件：${basis.label}`, `优先档 ${tier.tier}：${tier.label}`, ...facts],
    policyVersion: policy.version,
  };
}

/** After a decline (or an expiry that counts as one): the new count and whether the applicant goes to the back. */
export function afterDecline(
  declinesBefore: number,
  policy: WaitlistPolicy,
): { declineCount: number; sendToBack: boolean } {
  const count = declinesBefore + 1;
  if (count >= policy.declines.sendToBackAfter) return { declineCount: 0, sendToBack: true };
  return { declineCount: count, sendToBack: false };
}
