// Status flags that drive policy (特困, 低保 …). 高龄 is derived from age, never stored.
export const STORED_FLAGS = [
  'extreme_poverty',
  'subsistence',
  'near_subsistence',
  'family_planning_special',
  'empty_nest',
  'left_behind',
  'living_alone',
  'disabled',
  'dementia',
  'severe_disability',
] as const;
export type StoredFlag = (typeof STORED_FLAGS)[number];
export type ElderFlag = StoredFlag | 'advanced_age';

export const FLAG_LABELS: Record<ElderFlag, { zh: string; en: string }> = {
  extreme_poverty: { zh: '特困', en: 'Extreme poverty' },
  subsistence: { zh: '低保', en: 'Subsistence allowance' },
  near_subsistence: { zh: '低保边缘', en: 'Near subsistence' },
  family_planning_special: { zh: '计划生育特殊家庭', en: 'Family-planning special family' },
  empty_nest: { zh: '空巢', en: 'Empty nest' },
  left_behind: { zh: '留守', en: 'Left behind' },
  living_alone: { zh: '独居', en: 'Living alone' },
  advanced_age: { zh: '高龄', en: 'Advanced age (80+)' },
  disabled: { zh: '失能', en: 'Disabled' },
  dementia: { zh: '失智', en: 'Dementia' },
  severe_disability: { zh: '重残', en: 'Severe disability' },
};

/** 高龄: 80 and over, as in the provincial 高龄津贴 rules. */
export const ADVANCED_AGE = 80;

export const ARCHIVE_REASONS = ['deceased', 'moved_away'] as const;
export type ArchiveReason = (typeof ARCHIVE_REASONS)[number];
