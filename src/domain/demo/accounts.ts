// Demo accounts, all with the password `yiyang-demo` (refused when NODE_ENV=production).
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { DEMO_PASSWORD } from '../identity/passwords.js';
import type { Role } from '../identity/roles.js';
import { createUser } from '../identity/sessions.js';

export interface DemoAccount {
  username: string;
  displayName: string;
  role: Role;
  jurisdictionCode?: string;
  /** Looked up after seeding: an organisation seed key or an elder. */
  organisationSeedKey?: string;
  firstElderIn?: string;
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { username: 'admin', displayName: '市民政局管理员', role: 'city_admin', jurisdictionCode: '330100' },
  { username: 'district-330102', displayName: '上城区民政局', role: 'district_officer', jurisdictionCode: '330102' },
  { username: 'district-330106', displayName: '西湖区民政局', role: 'district_officer', jurisdictionCode: '330106' },
  { username: 'street-330102001', displayName: '清波街道', role: 'street_officer', jurisdictionCode: '330102001' },
  {
    username: 'community-330102001051',
    displayName: '清波门社区',
    role: 'community_worker',
    jurisdictionCode: '330102001051',
  },
  { username: 'assessor-330102', displayName: '上城区评估员甲', role: 'assessor', jurisdictionCode: '330102' },
  { username: 'assessor-330102-b', displayName: '上城区评估员乙', role: 'assessor', jurisdictionCode: '330102' },
  {
    username: 'institution',
    displayName: '上城区示范养老院',
    role: 'institution_staff',
    organisationSeedKey: 'institution-330102-1',
  },
  {
    username: 'provider',
    displayName: '上城区居家服务商',
    role: 'provider_staff',
    organisationSeedKey: 'provider-330102-1',
  },
  { username: 'caregiver', displayName: '护理员', role: 'caregiver', organisationSeedKey: 'institution-330102-1' },
  { username: 'volunteer', displayName: '时间银行志愿者', role: 'volunteer', jurisdictionCode: '330102' },
  { username: 'family', displayName: '老人家属', role: 'elder_family', firstElderIn: '330102' },
];

/**
 * Every district of the loaded city gets its own officer, `district-<code>` named after the
 * district's civil-affairs bureau (民政局), so each district's work can be tried as its officer.
 */
export async function districtOfficerAccounts(db: Kysely<DB>): Promise<DemoAccount[]> {
  const listed = new Set(DEMO_ACCOUNTS.map((a) => a.username));
  const districts = await db
    .selectFrom('jurisdictions')
    .select(['code', 'name'])
    .where('level', '=', 'district')
    .orderBy('code')
    .execute();
  return districts
    .map((d) => ({
      username: `district-${d.code}`,
      displayName: `${d.name}民政局`,
      role: 'district_officer' as const,
      jurisdictionCode: d.code,
    }))
    .filter((a) => !listed.has(a.username));
}

/** Creates the demo accounts that do not exist yet; grants that need seeded data are skipped until it exists. */
export async function ensureDemoAccounts(db: Kysely<DB>): Promise<number> {
  let created = 0;
  for (const account of [...DEMO_ACCOUNTS, ...(await districtOfficerAccounts(db))]) {
    const exists = await db
      .selectFrom('users')
      .select('id')
      .where('username', '=', account.username)
      .executeTakeFirst();
    if (exists) continue;
    let organisationId: number | null = null;
    let elderId: number | null = null;
    if (account.organisationSeedKey) {
      const org = await db
        .selectFrom('organisations')
        .select('id')
        .where('seed_key', '=', account.organisationSeedKey)
        .executeTakeFirst();
      if (!org) continue;
      organisationId = org.id;
    }
    if (account.firstElderIn) {
      const elder = await db
        .selectFrom('elders')
        .select('id')
        .where('district_code', '=', account.firstElderIn)
        .orderBy('id')
        .limit(1)
        .executeTakeFirst();
      if (!elder) continue;
      elderId = elder.id;
    }
    if (account.jurisdictionCode) {
      const place = await db
        .selectFrom('jurisdictions')
        .select('code')
        .where('code', '=', account.jurisdictionCode)
        .executeTakeFirst();
      if (!place) continue;
    }
    await createUser(db, {
      username: account.username,
      displayName: account.displayName,
      password: DEMO_PASSWORD,
      isDemo: true,
      grants: [{ role: account.role, jurisdictionCode: account.jurisdictionCode ?? null, organisationId, elderId }],
    });
    created++;
  }
  return created;
}
