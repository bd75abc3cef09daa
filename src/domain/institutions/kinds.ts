// Words of the institutions domain: facility kinds, ownership, bed types and statuses, the nine
// GB 38600 risks, discharge reasons. Labels are what the forms and the web pages show.

/**
 * organisations.kind values this domain manages: care institutions and the 大社区 facilities.
 * The names are the ones the demo seeding writes (src/domain/demo/organisations.ts).
 */
export const FACILITY_KINDS = [
  'institution', // 养老机构 (敬老院 is an institution with is_township_home)
  'community_care_hub', // 社区照护中心 (大社区 model, backed by a community institution)
  'street_care_centre', // 镇街级居家养老服务中心
  'community_care_centre', // 村社级居家养老服务照料中心
  'meal_point', // 老年食堂 / 助餐点
  'aid_rental_point', // 辅具展示/租赁点
  'family_empowerment_centre', // 家庭赋能中心
  'care_advisor_point', // 养老顾问点
] as const;
export type FacilityKind = (typeof FACILITY_KINDS)[number];

export const KIND_LABELS: Record<FacilityKind, string> = {
  institution: '养老机构',
  community_care_hub: '社区照护中心',
  street_care_centre: '镇街级居家养老服务中心',
  community_care_centre: '村社级居家养老服务照料中心',
  meal_point: '老年食堂/助餐点',
  aid_rental_point: '辅具展示/租赁点',
  family_empowerment_centre: '家庭赋能中心',
  care_advisor_point: '养老顾问点',
};

export const OWNERSHIPS = ['public', 'private', 'public_built_private_run'] as const;
export type Ownership = (typeof OWNERSHIPS)[number];
export const OWNERSHIP_LABELS: Record<Ownership, string> = {
  public: '公办',
  private: '民办',
  public_built_private_run: '公建民营',
};

export const BED_TYPES = ['medical_care', 'elderly_care', 'dementia', 'ordinary'] as const;
export type BedType = (typeof BED_TYPES)[number];
export const BED_TYPE_LABELS: Record<BedType, string> = {
  medical_care: '护理型（医疗照护）',
  elderly_care: '护理型（养老照护）',
  dementia: '认知障碍照护',
  ordinary: '普通',
};
/**
 * Beds counted as 护理型/照护型 in the nursing-bed share. The 十四五 plan defines 照护型 as long-term
 * care beds for disabled *and* demented elders, so dementia beds count; ordinary beds do not.
 */
export const NURSING_BED_TYPES: readonly BedType[] = ['medical_care', 'elderly_care', 'dementia'];

export const BED_STATUSES = ['free', 'occupied', 'reserved', 'out_of_service'] as const;
export type BedStatus = (typeof BED_STATUSES)[number];
export const BED_STATUS_LABELS: Record<BedStatus, string> = {
  free: '空闲',
  occupied: '在住',
  reserved: '预留',
  out_of_service: '停用',
};

/** GB 38600-2019's nine risks, in the standard's order; each column of admission_safety_assessments. */
export const SAFETY_RISKS = [
  'choking',
  'wrong_intake',
  'pressure_sore',
  'scald',
  'bed_fall',
  'fall',
  'injury',
  'wandering',
  'activity_accident',
] as const;
export type SafetyRisk = (typeof SAFETY_RISKS)[number];
export const SAFETY_RISK_LABELS: Record<SafetyRisk, string> = {
  choking: '噎食',
  wrong_intake: '食品药品误食',
  pressure_sore: '压疮',
  scald: '烫伤',
  bed_fall: '坠床',
  fall: '跌倒',
  injury: '他伤和自伤',
  wandering: '走失',
  activity_accident: '文娱活动意外',
};
export const RISK_LEVEL_LABELS = ['无', '低', '中', '高'] as const;

export const DISCHARGE_REASONS = ['returned_home', 'other_institution', 'hospital', 'deceased', 'other'] as const;
export type DischargeReason = (typeof DISCHARGE_REASONS)[number];
export const DISCHARGE_REASON_LABELS: Record<DischargeReason, string> = {
  returned_home: '返回家中',
  other_institution: '转至其他机构',
  hospital: '转入医院',
  deceased: '去世',
  other: '其他',
};

export const MEDICAL_MODES = ['none', 'in_house', 'partner_hospital'] as const;
export type MedicalMode = (typeof MEDICAL_MODES)[number];
export const MEDICAL_MODE_LABELS: Record<MedicalMode, string> = {
  none: '无',
  in_house: '内设医疗机构',
  partner_hospital: '签约合作医院',
};

/** 001 §四.1: institutions with 100 beds or more must have a rehabilitation room. */
export const REHAB_ROOM_FROM_BEDS = 100;
