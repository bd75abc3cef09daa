// The shape every rule shares: typed facts in, an outcome with payments and a bilingual
// explanation out. Rules are pure: no I/O, no clock; the engine passes the date.
import { type Static, type TObject, type TSchema, Type } from 'typebox';

export interface Line {
  zh: string;
  en: string;
}

export interface Payment {
  dueDate: string;
  amountFen: number;
}

/** Who funds part of an amount: the city budget or the district/county budget of the place. */
export type Payer = 'city' | 'district';

export interface Share {
  payer: Payer;
  shareBp: number;
  amountFen: number;
}

export interface RuleOutcome {
  eligible: boolean;
  amountFen: number;
  payments: Payment[];
  /** Funding split; absent means the district/county budget pays everything. */
  shares?: Share[];
  explanation: Line[];
}

/** Units a parameter may carry; a pack declaring a different unit than the rule expects is refused. */
export const UNITS = [
  'fen',
  'fen_per_month',
  'fen_per_bed',
  'fen_per_person',
  'basis_points',
  'years',
  'share_schedule',
  'enum_set',
  'flag',
] as const;
export type Unit = (typeof UNITS)[number];

export interface ParameterSpec<S extends TSchema = TSchema> {
  unit: Unit;
  schema: S;
}

export type Payee = 'elder' | 'caregiver' | 'organisation' | 'none';
export type Cadence = 'monthly' | 'once' | 'instalments' | 'check';

export type ParamValues<P extends Record<string, ParameterSpec>> = { [K in keyof P]: Static<P[K]['schema']> };

export interface RuleDefinition<
  F extends TObject = TObject,
  P extends Record<string, ParameterSpec> = Record<string, ParameterSpec>,
> {
  id: string;
  title: Line;
  payee: Payee;
  cadence: Cadence;
  facts: F;
  parameters: P;
  /** Load-time checks beyond the schemas (a cap respected, shares adding up); returns problems. */
  check?(params: ParamValues<P>): string[];
  evaluate(facts: Static<F>, params: ParamValues<P>, onDate: string): RuleOutcome;
}

/** Keeps each rule's fact and parameter types while the registry holds them type-erased. */
export function defineRule<F extends TObject, P extends Record<string, ParameterSpec>>(
  def: RuleDefinition<F, P>,
): RuleDefinition<F, P> {
  return def;
}

// Schema pieces the rules share.
export const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
export const Fen = Type.Integer({ minimum: 0 });
export const BasisPoints = Type.Integer({ minimum: 0, maximum: 10_000 });
/** GB/T 42195-2022 ability levels: 0 能力完好 … 4 能力完全丧失. */
export const AbilityLevel = Type.Integer({
  minimum: 0,
  maximum: 4,
  description: '0 能力完好 … 4 能力完全丧失 (GB/T 42195-2022)',
});
/** 职业技能等级: 5 五级/初级工 … 1 一级/高级技师. */
export const SkillLevel = Type.Integer({ minimum: 1, maximum: 5, description: '5 五级/初级工 … 1 一级/高级技师' });
export const FenByLevel = Type.Object(
  { '0': Fen, '1': Fen, '2': Fen, '3': Fen, '4': Fen },
  { additionalProperties: false },
);
export const FenBySkill = Type.Object(
  { '1': Fen, '2': Fen, '3': Fen, '4': Fen, '5': Fen },
  { additionalProperties: false },
);
export const ShareSchedule = Type.Array(
  Type.Object(
    {
      afterYears: Type.Integer({ minimum: 0, maximum: 30 }),
      numerator: Type.Integer({ minimum: 1 }),
      denominator: Type.Integer({ minimum: 1 }),
    },
    { additionalProperties: false },
  ),
  { minItems: 1 },
);
export type ShareScheduleValue = Static<typeof ShareSchedule>;

export const yuan = (fen: number) => (fen / 100).toLocaleString('en-US', { minimumFractionDigits: fen % 100 ? 2 : 0 });

export const SKILL_NAMES: Record<number, Line> = {
  1: { zh: '一级/高级技师', en: 'level 1 (senior technician)' },
  2: { zh: '二级/技师', en: 'level 2 (technician)' },
  3: { zh: '三级/高级工', en: 'level 3 (senior worker)' },
  4: { zh: '四级/中级工', en: 'level 4 (intermediate worker)' },
  5: { zh: '五级/初级工', en: 'level 5 (junior worker)' },
};

export const LEVEL_NAMES: Record<number, Line> = {
  0: { zh: '能力完好', en: 'intact' },
  1: { zh: '能力轻度受损（轻度失能）', en: 'mildly impaired' },
  2: { zh: '能力中度受损（中度失能）', en: 'moderately impaired' },
  3: { zh: '能力重度受损（重度失能）', en: 'severely impaired' },
  4: { zh: '能力完全丧失（完全失能）', en: 'completely impaired' },
};

/** Integer rounding half up: fen × basis points / 10,000. */
export const applyBp = (fen: number, bp: number) => Math.floor((fen * bp + 5_000) / 10_000);

export const ineligible = (explanation: Line[]): RuleOutcome => ({
  eligible: false,
  amountFen: 0,
  payments: [],
  explanation,
});
