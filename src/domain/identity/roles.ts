// Roles and what each may see. A grant binds a role to a jurisdiction, an organisation or an elder.
export const ROLES = [
  'city_admin',
  'district_officer',
  'street_officer',
  'community_worker',
  'institution_staff',
  'provider_staff',
  'caregiver',
  'assessor',
  'volunteer',
  'elder_family',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  city_admin: { zh: '市级管理员', en: 'City administrator' },
  district_officer: { zh: '区（县）民政干部', en: 'District officer' },
  street_officer: { zh: '街道（乡镇）干部', en: 'Street officer' },
  community_worker: { zh: '社区（村）工作人员', en: 'Community worker' },
  institution_staff: { zh: '养老机构工作人员', en: 'Institution staff' },
  provider_staff: { zh: '服务商工作人员', en: 'Service-provider staff' },
  caregiver: { zh: '养老护理员', en: 'Caregiver' },
  assessor: { zh: '评估员', en: 'Assessor' },
  volunteer: { zh: '志愿者', en: 'Volunteer' },
  elder_family: { zh: '老人/家属', en: 'Elder or family member' },
};
