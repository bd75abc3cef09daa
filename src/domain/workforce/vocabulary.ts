// Words of the workforce domain: job roles, education, skill levels, certificate kinds.
export const JOB_ROLES = [
  'caregiver',
  'nurse',
  'rehab_nurse',
  'social_worker',
  'rehab_therapist',
  'rehab_physician',
  'doctor',
  'assessor',
  'manager',
  'other',
] as const;
export type JobRole = (typeof JOB_ROLES)[number];
export const JOB_ROLE_LABELS: Record<JobRole, string> = {
  caregiver: '养老护理员',
  nurse: '护士',
  rehab_nurse: '康复护士',
  social_worker: '社会工作者',
  rehab_therapist: '康复治疗师',
  rehab_physician: '康复医师',
  doctor: '医生',
  assessor: '评估员',
  manager: '管理人员',
  other: '其他',
};

export const EDUCATIONS = [
  'primary',
  'junior_high',
  'high_school',
  'secondary_vocational',
  'college',
  'bachelor',
  'postgraduate',
] as const;
export type Education = (typeof EDUCATIONS)[number];
export const EDUCATION_LABELS: Record<Education, string> = {
  primary: '小学及以下',
  junior_high: '初中',
  high_school: '高中',
  secondary_vocational: '中职',
  college: '专科（高职）',
  bachelor: '本科',
  postgraduate: '研究生',
};

/** 养老护理员国家职业技能标准 (2019): 5 is the entry level, 1 the highest. */
export const SKILL_LEVEL_LABELS: Record<number, string> = {
  5: '五级/初级工',
  4: '四级/中级工',
  3: '三级/高级工',
  2: '二级/技师',
  1: '一级/高级技师',
};
/** 高级 and above, for the 18% senior-share KPI (001 表2): 三级/高级工 and higher. */
export const SENIOR_SKILL_LEVEL = 3;

export const CERTIFICATE_KINDS = ['caregiver_skill', 'social_worker', 'nurse_licence', 'rehab', 'assessor'] as const;
export type CertificateKind = (typeof CERTIFICATE_KINDS)[number];
export const CERTIFICATE_KIND_LABELS: Record<CertificateKind, string> = {
  caregiver_skill: '养老护理员职业技能等级证书',
  social_worker: '社会工作者职业资格证书',
  nurse_licence: '护士执业证书',
  rehab: '康复治疗/康复护理资格',
  assessor: '老年人能力评估师证书',
};

/** Kinds of organisation that employ care staff. */
export const EMPLOYER_KINDS = [
  'institution',
  'service_provider',
  'community_care_hub',
  'street_care_centre',
  'community_care_centre',
] as const;

export const INCENTIVE_LABELS: Record<string, string> = {
  certificate_bonus: '持证奖补',
  entry_bonus: '入职奖补',
  post_allowance: '岗位津贴',
};
