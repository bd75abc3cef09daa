// Rate tables: a rule evaluated once per combination of the facts that vary between people
// (level × status tier, level × care arrangement …), per district, so the monthly run can join
// millions of people against a few dozen rows instead of calling the engine per person. Every
// amount still comes from the pure rule function of the version in force.
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../lib/errors.js';
import { resolveRule, runVersion } from '../policy/evaluate.js';
import { GENERAL_TIER } from '../policy/rules/inclusive-care.js';
import { ruleById } from '../policy/rules/index.js';
import { INSTITUTION_TYPES } from '../policy/rules/institutional-care.js';
import type { VersionRow } from '../policy/store.js';

type Db = Kysely<DB> | Transaction<DB>;
const LEVELS = [0, 1, 2, 3, 4];

/** The version of a rule in force for a district on a day, or null when none is. */
export async function versionFor(
  db: Db,
  rule: string,
  district: string,
  onDate: string,
  knownAt: Date,
): Promise<VersionRow | null> {
  try {
    return (await resolveRule(db, rule, district, onDate, knownAt)).row;
  } catch (err) {
    if (err instanceof AppError && err.code === 'policy_not_in_force') return null;
    throw err;
  }
}

const run = (rule: string, row: VersionRow, facts: Record<string, unknown>, onDate: string) =>
  runVersion(ruleById(rule)!, row, facts, onDate);

export interface InclusiveRates {
  /** Statuses that can raise the percentage, best first (rank 1 wins). */
  tiers: { tier: string; rank: number }[];
  rates: { level: number; rank: number; amountFen: number }[];
}

/** General tier's rank: after every listed status. */
export const GENERAL_RANK = 1_000;

export function inclusiveRates(row: VersionRow, onDate: string): InclusiveRates {
  const params = row.content.parameters;
  const general = params.generalPercentBp!.value as number;
  const byStatus = params.percentBpByStatus!.value as Record<string, number>;
  // The rule takes the highest percentage, ties to the first status name: rank the same way.
  const tiers = Object.entries(byStatus)
    .filter(([, bp]) => bp > general)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .map(([tier], i) => ({ tier, rank: i + 1 }));
  const rates: InclusiveRates['rates'] = [];
  for (const level of LEVELS) {
    for (const { tier, rank } of [...tiers, { tier: GENERAL_TIER, rank: GENERAL_RANK }]) {
      const o = run(
        'inclusiveCareSubsidy.monthly',
        row,
        { abilityLevel: level, statuses: tier === GENERAL_TIER ? [] : [tier] },
        onDate,
      );
      if (o.eligible && o.amountFen > 0) rates.push({ level, rank, amountFen: o.amountFen });
    }
  }
  return { tiers, rates };
}

export interface InstitutionalRate {
  level: number;
  fullTimeCare: boolean;
  medicalIntegrationFunded: boolean;
  /** '' when the enrolment does not name the institution type. */
  institutionType: string;
  amountFen: number;
}

export function institutionalRates(row: VersionRow, onDate: string): InstitutionalRate[] {
  const out: InstitutionalRate[] = [];
  for (const level of LEVELS) {
    for (const fullTimeCare of [true, false]) {
      for (const medicalIntegrationFunded of [true, false]) {
        for (const institutionType of ['', ...INSTITUTION_TYPES]) {
          const facts = {
            abilityLevel: level,
            fullTimeCare,
            medicalIntegrationFunded,
            ...(institutionType ? { institutionType } : {}),
          };
          const o = run('institutionalCare.nursingSubsidy', row, facts, onDate);
          if (o.eligible && o.amountFen > 0)
            out.push({ level, fullTimeCare, medicalIntegrationFunded, institutionType, amountFen: o.amountFen });
        }
      }
    }
  }
  return out;
}

export function bedNursingRate(row: VersionRow, onDate: string): number {
  const o = run('homeCareBed.monthlyNursing', row, { bedActive: true }, onDate);
  return o.eligible ? o.amountFen : 0;
}
