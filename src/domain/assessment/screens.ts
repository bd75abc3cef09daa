// Cognitive screening (认知障碍筛查): AD8, Mini-Cog, MMSE and MoCA scored as pure functions over a
// versioned cut-off table. Cut-offs differ between sources, so they are data (stored in
// cognitive_cutoff_versions; SCREEN_CUTOFFS_V1 mirrors version 1 and a test keeps them equal).
import type { FieldError } from '../../lib/errors.js';
import type { EducationLevel, Instrument } from './tables.js';

export const INSTRUMENTS: readonly Instrument[] = ['AD8', 'Mini-Cog', 'MMSE', 'MoCA'];
export const EDUCATION_LEVELS: readonly EducationLevel[] = ['illiterate', 'primary', 'secondary_or_more'];

export interface ScreenCutoffs {
  version: string;
  AD8: { positiveAtLeast: number };
  'Mini-Cog': { positiveAtMost: number };
  MMSE: { positiveAtMost: Record<EducationLevel, number> };
  MoCA: { normalAtLeast: number; educationBonusUpToYears: number; bonus: number };
}

export const SCREEN_CUTOFFS_V1: ScreenCutoffs = {
  version: 'cognitive screens v1',
  AD8: { positiveAtLeast: 2 },
  'Mini-Cog': { positiveAtMost: 2 },
  MMSE: { positiveAtMost: { illiterate: 17, primary: 20, secondary_or_more: 24 } },
  MoCA: { normalAtLeast: 26, educationBonusUpToYears: 12, bonus: 1 },
};

/** AD8's eight questions: "has there been a change, due to thinking or memory problems, in …". */
export const AD8_ITEMS: readonly { key: string; zh: string; en: string }[] = [
  { key: 'judgement', zh: '判断力出现问题', en: 'Problems with judgement' },
  { key: 'interest', zh: '对活动和爱好的兴趣降低', en: 'Less interest in hobbies and activities' },
  { key: 'repeats', zh: '重复相同的问题、故事或陈述', en: 'Repeats questions, stories or statements' },
  { key: 'tools', zh: '学习使用工具、家电或器具有困难', en: 'Trouble learning to use a tool or appliance' },
  { key: 'monthYear', zh: '忘记正确的月份或年份', en: 'Forgets the correct month or year' },
  { key: 'finances', zh: '处理复杂的财务有困难', en: 'Trouble handling complicated finances' },
  { key: 'appointments', zh: '记不住约会', en: 'Trouble remembering appointments' },
  { key: 'dailyMemory', zh: '日常的记忆和思考能力出现问题', en: 'Daily problems with thinking or memory' },
];

export type Answers = Record<string, unknown>;

export interface ScreenResult {
  instrument: Instrument;
  rawScore: number;
  /** After the education adjustment (MoCA); equal to rawScore otherwise. */
  score: number;
  positive: boolean;
  educationLevel: EducationLevel | null;
  educationYears: number | null;
  cutoffsVersion: string;
  interpretation: { zh: string; en: string };
}

const isInt = (v: unknown, min: number, max: number): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

/** Field problems of a screen's answers (fields named `answers.x`). */
export function checkScreen(instrument: Instrument, answers: Answers): FieldError[] {
  const problems: FieldError[] = [];
  const need = (key: string, ok: boolean, code: FieldError['code'] = 'out_of_range') => {
    if (answers[key] === undefined)
      problems.push({ field: `answers.${key}`, code: 'required', params: { field: `answers.${key}` } });
    else if (!ok) problems.push({ field: `answers.${key}`, code, params: { field: `answers.${key}` } });
  };
  const known = (keys: string[]) => {
    for (const k of Object.keys(answers))
      if (!keys.includes(k))
        problems.push({ field: `answers.${k}`, code: 'unknown_field', params: { field: `answers.${k}` } });
  };
  switch (instrument) {
    case 'AD8':
      for (const item of AD8_ITEMS)
        need(item.key, ['yes', 'no', 'unknown'].includes(answers[item.key] as string), 'not_allowed_value');
      known(AD8_ITEMS.map((i) => i.key));
      break;
    case 'Mini-Cog':
      need('recall', isInt(answers.recall, 0, 3));
      need('clock', answers.clock === 0 || answers.clock === 2, 'not_allowed_value');
      known(['recall', 'clock']);
      break;
    case 'MMSE':
      need('score', isInt(answers.score, 0, 30));
      need('educationLevel', EDUCATION_LEVELS.includes(answers.educationLevel as EducationLevel), 'not_allowed_value');
      known(['score', 'educationLevel']);
      break;
    case 'MoCA':
      need('score', isInt(answers.score, 0, 30));
      need('educationYears', isInt(answers.educationYears, 0, 30));
      known(['score', 'educationYears']);
      break;
  }
  return problems;
}

/** Scores answers already checked by `checkScreen`. */
export function scoreScreen(
  instrument: Instrument,
  answers: Answers,
  cutoffs: ScreenCutoffs = SCREEN_CUTOFFS_V1,
): ScreenResult {
  const base = {
    instrument,
    educationLevel: null as EducationLevel | null,
    educationYears: null as number | null,
    cutoffsVersion: cutoffs.version,
  };
  const refer = { zh: '筛查阳性，建议转诊确诊', en: 'Positive screen: refer for diagnosis' };
  const normal = { zh: '筛查阴性', en: 'Negative screen' };
  switch (instrument) {
    case 'AD8': {
      const raw = AD8_ITEMS.filter((i) => answers[i.key] === 'yes').length;
      const positive = raw >= cutoffs.AD8.positiveAtLeast;
      return { ...base, rawScore: raw, score: raw, positive, interpretation: positive ? refer : normal };
    }
    case 'Mini-Cog': {
      const raw = (answers.recall as number) + (answers.clock as number);
      const positive = raw <= cutoffs['Mini-Cog'].positiveAtMost;
      return { ...base, rawScore: raw, score: raw, positive, interpretation: positive ? refer : normal };
    }
    case 'MMSE': {
      const raw = answers.score as number;
      const education = answers.educationLevel as EducationLevel;
      const positive = raw <= cutoffs.MMSE.positiveAtMost[education];
      return {
        ...base,
        educationLevel: education,
        rawScore: raw,
        score: raw,
        positive,
        interpretation: positive ? refer : normal,
      };
    }
    case 'MoCA': {
      const raw = answers.score as number;
      const years = answers.educationYears as number;
      const { normalAtLeast, educationBonusUpToYears, bonus } = cutoffs.MoCA;
      // The education point makes up for fewer school years, capped at the scale's 30.
      const score = Math.min(30, raw + (years <= educationBonusUpToYears ? bonus : 0));
      const positive = score < normalAtLeast;
      return {
        ...base,
        educationYears: years,
        rawScore: raw,
        score,
        positive,
        interpretation: positive ? refer : normal,
      };
    }
  }
}
