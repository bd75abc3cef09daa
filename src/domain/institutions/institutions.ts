// Institutions and community facilities: register, profile, list, map points, one record.
// The organisation row (0001) carries name, kind, ownership, place and registered bed counts;
// institution_profiles carries what only care institutions have.
import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { OrganisationsTable } from '../../db/foundation-tables.js';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../lib/errors.js';
import type { Actor } from '../identity/access.js';
import { recordAudit } from '../identity/audit.js';
import { inTransaction, type UseCaseContext } from '../identity/context.js';
import { coversCode } from '../identity/scope.js';
import { staffingWarnings } from '../workforce/staffing.js';
import { INSTITUTION_OFFICERS, organisationFor, organisationScope } from './access.js';
import { type FacilityKind, KIND_LABELS, type MedicalMode, OWNERSHIP_LABELS, type Ownership } from './kinds.js';
import { occupancyByInstitution, occupancyOf } from './occupancy.js';
import type {
  InstitutionDetail,
  InstitutionPage,
  InstitutionSummary,
  MapPoint,
  Occupancy,
  Profile,
  Warning,
} from './schemas.js';
import { currentStars } from './star-ratings.js';
import { institutionWarnings } from './warnings.js';

export type { InstitutionDetail, InstitutionSummary, Profile } from './schemas.js';

type Db = Kysely<DB> | Transaction<DB>;
type OrgRow = Selectable<OrganisationsTable>;

export interface ProfileInput {
  isTownshipHome?: boolean;
  medicalMode?: MedicalMode;
  medicalUnitName?: string | null;
  partnerHospital?: string | null;
  partnerFrom?: string | null;
  partnerTo?: string | null;
  hasRehabRoom?: boolean;
  hasDementiaUnit?: boolean;
  phone?: string | null;
}

export interface InstitutionInput {
  kind: FacilityKind;
  name: string;
  ownership?: Ownership | null;
  jurisdictionCode: string;
  address?: string | null;
  lat?: number | null;
  lng?: number | null;
  bedCount?: number;
  nursingBedCount?: number;
  profile?: ProfileInput;
}

const DEFAULT_PROFILE: Profile = {
  isTownshipHome: false,
  medicalMode: 'none',
  medicalUnitName: null,
  partnerHospital: null,
  partnerFrom: null,
  partnerTo: null,
  hasRehabRoom: false,
  hasDementiaUnit: false,
  phone: null,
};

function summary(o: OrgRow, occupancy: Occupancy | undefined, star: number | null): InstitutionSummary {
  return {
    id: o.id,
    kind: o.kind,
    kindLabel: KIND_LABELS[o.kind as FacilityKind] ?? o.kind,
    name: o.name,
    ownership: o.ownership,
    ownershipLabel: o.ownership ? OWNERSHIP_LABELS[o.ownership] : null,
    jurisdictionCode: o.jurisdiction_code,
    districtCode: o.district_code,
    address: o.address,
    lat: o.lat,
    lng: o.lng,
    bedCount: o.bed_count,
    nursingBedCount: o.nursing_bed_count,
    star,
    occupancy: occupancy ?? occupancyOf(undefined),
  };
}

async function placeOrFail(db: Db, actor: Actor, code: string) {
  const place = await db.selectFrom('jurisdictions').selectAll().where('code', '=', code).executeTakeFirst();
  const district = place?.level === 'district' ? place.code : place?.district_code;
  if (!place || !district) throw new AppError('unknown_jurisdiction', { code }, 'jurisdictionCode');
  if (!coversCode(actor, INSTITUTION_OFFICERS, code))
    throw new AppError('outside_jurisdiction', { code }, 'jurisdictionCode');
  return { place, district };
}

function checkProfile(p: ProfileInput): void {
  if (p.medicalMode === 'in_house' && !p.medicalUnitName)
    throw new AppError('required', { field: 'profile.medicalUnitName' }, 'profile.medicalUnitName');
  if (p.medicalMode === 'partner_hospital') {
    if (!p.partnerHospital)
      throw new AppError('required', { field: 'profile.partnerHospital' }, 'profile.partnerHospital');
    if (!p.partnerFrom) throw new AppError('required', { field: 'profile.partnerFrom' }, 'profile.partnerFrom');
  }
  if (p.partnerFrom && p.partnerTo && p.partnerTo < p.partnerFrom)
    throw new AppError('out_of_range', { field: 'profile.partnerTo' }, 'profile.partnerTo');
}

async function writeProfile(
  tx: Transaction<DB>,
  organisationId: number,
  districtCode: string,
  merged: Profile,
  now: Date,
): Promise<void> {
  checkProfile(merged);
  const values = {
    district_code: districtCode,
    is_township_home: merged.isTownshipHome,
    medical_mode: merged.medicalMode,
    medical_unit_name: merged.medicalMode === 'in_house' ? merged.medicalUnitName : null,
    partner_hospital: merged.medicalMode === 'partner_hospital' ? merged.partnerHospital : null,
    partner_from: merged.medicalMode === 'partner_hospital' ? merged.partnerFrom : null,
    partner_to: merged.medicalMode === 'partner_hospital' ? merged.partnerTo : null,
    has_rehab_room: merged.hasRehabRoom,
    has_dementia_unit: merged.hasDementiaUnit,
    phone: merged.phone,
    updated_at: now,
  };
  await tx
    .insertInto('institution_profiles')
    .values({ organisation_id: organisationId, ...values })
    .onConflict((oc) => oc.column('organisation_id').doUpdateSet(values))
    .execute();
}

export async function registerInstitution(ctx: UseCaseContext, input: InstitutionInput): Promise<InstitutionDetail> {
  const { db, actor } = ctx;
  const { place, district } = await placeOrFail(db, actor, input.jurisdictionCode);
  const beds = input.bedCount ?? 0;
  if ((input.nursingBedCount ?? 0) > beds)
    throw new AppError('out_of_range', { field: 'nursingBedCount' }, 'nursingBedCount');
  const id = await db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('organisations')
      .values({
        kind: input.kind,
        name: input.name.trim(),
        ownership: input.ownership ?? null,
        jurisdiction_code: place.code,
        district_code: district,
        address: input.address ?? null,
        lat: input.lat ?? place.lat,
        lng: input.lng ?? place.lng,
        bed_count: beds,
        nursing_bed_count: input.nursingBedCount ?? 0,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (input.kind === 'institution')
      await writeProfile(tx, row.id, district, { ...DEFAULT_PROFILE, ...input.profile }, ctx.now);
    await recordAudit(inTransaction(ctx, tx), {
      action: 'create',
      entityType: 'institution',
      entityId: row.id,
      districtCode: district,
      detail: { kind: input.kind, name: input.name },
    });
    return row.id;
  });
  return getInstitution(ctx, id);
}

export type InstitutionPatch = Partial<Omit<InstitutionInput, 'kind' | 'jurisdictionCode'>>;

export async function updateInstitution(
  ctx: UseCaseContext,
  id: number,
  patch: InstitutionPatch,
): Promise<InstitutionDetail> {
  const { db, actor } = ctx;
  await db.transaction().execute(async (tx) => {
    const org = await organisationFor(tx, actor, id, 'govern', { lock: true });
    const beds = patch.bedCount ?? org.bed_count;
    const nursing = patch.nursingBedCount ?? org.nursing_bed_count;
    if (nursing > beds) throw new AppError('out_of_range', { field: 'nursingBedCount' }, 'nursingBedCount');
    await tx
      .updateTable('organisations')
      .set({
        ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
        ...(patch.ownership !== undefined ? { ownership: patch.ownership } : {}),
        ...(patch.address !== undefined ? { address: patch.address } : {}),
        ...(patch.lat !== undefined ? { lat: patch.lat } : {}),
        ...(patch.lng !== undefined ? { lng: patch.lng } : {}),
        bed_count: beds,
        nursing_bed_count: nursing,
      })
      .where('id', '=', id)
      .execute();
    if (patch.profile && org.kind === 'institution') {
      const current = await profileOf(tx, id);
      await writeProfile(tx, id, org.district_code, { ...(current ?? DEFAULT_PROFILE), ...patch.profile }, ctx.now);
    }
    await recordAudit(inTransaction(ctx, tx), {
      action: 'update',
      entityType: 'institution',
      entityId: id,
      districtCode: org.district_code,
      detail: { fields: Object.keys(patch) },
    });
  });
  return getInstitution(ctx, id);
}

async function profileOf(db: Db, id: number): Promise<Profile | null> {
  const p = await db
    .selectFrom('institution_profiles')
    .selectAll()
    .where('organisation_id', '=', id)
    .executeTakeFirst();
  if (!p) return null;
  return {
    isTownshipHome: p.is_township_home,
    medicalMode: p.medical_mode,
    medicalUnitName: p.medical_unit_name,
    partnerHospital: p.partner_hospital,
    partnerFrom: p.partner_from,
    partnerTo: p.partner_to,
    hasRehabRoom: p.has_rehab_room,
    hasDementiaUnit: p.has_dementia_unit,
    phone: p.phone,
  };
}

/** An institution's record with its warnings, its own and the workforce's staffing checks. */
export async function getInstitution(ctx: UseCaseContext, id: number): Promise<InstitutionDetail> {
  const { db, actor, today } = ctx;
  const org = await organisationFor(db, actor, id, 'read');
  const [occupancy, stars, profile, residents] = await Promise.all([
    occupancyByInstitution(db, [id]),
    currentStars(db, [id], today, { includeExpired: true }),
    profileOf(db, id),
    db
      .selectFrom('residencies')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('organisation_id', '=', id)
      .where('discharged_on', 'is', null)
      .executeTakeFirstOrThrow(),
  ]);
  const occ = occupancy.get(id) ?? occupancyOf(undefined);
  const star = stars.get(id) ?? null;
  const validStar = star && star.validUntil >= today ? star.star : null;
  const base = summary(org, occ, validStar);
  let warnings: Warning[] = [];
  if (org.kind === 'institution') {
    const p = profile ?? DEFAULT_PROFILE;
    warnings = institutionWarnings({
      beds: Math.max(org.bed_count, occ.total),
      residents: Number(residents.n),
      nursingShare: occ.nursingShare,
      hasRehabRoom: p.hasRehabRoom,
      isTownshipHome: p.isTownshipHome,
      medicalMode: p.medicalMode,
      partnerTo: p.partnerTo,
      star: star ? { star: star.star, validUntil: star.validUntil } : null,
      today,
    });
    warnings.push(...(await staffingWarnings(db, { id, residents: Number(residents.n), star: validStar })));
  }
  return {
    ...base,
    profile: org.kind === 'institution' ? (profile ?? DEFAULT_PROFILE) : null,
    currentStar: star,
    residents: Number(residents.n),
    warnings,
  };
}

export interface InstitutionFilters {
  kind?: string;
  ownership?: Ownership;
  district?: string;
  q?: string;
  township?: boolean;
}

function filtered(db: Db, actor: Actor, f: InstitutionFilters) {
  return db
    .selectFrom('organisations')
    .where(organisationScope(actor))
    .$if(!!f.kind, (q) => q.where('organisations.kind', '=', f.kind!))
    .$if(!f.kind, (q) => q.where('organisations.kind', 'in', Object.keys(KIND_LABELS)))
    .$if(!!f.ownership, (q) => q.where('organisations.ownership', '=', f.ownership!))
    .$if(!!f.district, (q) => q.where('organisations.jurisdiction_code', 'like', `${f.district}%`))
    .$if(!!f.q, (q) => q.where('organisations.name', 'like', `%${f.q!.replace(/[%_\\]/g, '\\$&')}%`))
    .$if(f.township != null, (q) =>
      q.where(({ exists, selectFrom, not }) => {
        const e = exists(
          selectFrom('institution_profiles as p')
            .select(sql.lit(1).as('one'))
            .whereRef('p.organisation_id', '=', 'organisations.id')
            .where('p.is_township_home', '=', true),
        );
        return f.township ? e : not(e);
      }),
    );
}

export async function listInstitutions(
  ctx: UseCaseContext,
  query: InstitutionFilters & { page: number; pageSize: number },
): Promise<InstitutionPage> {
  const { db, actor, today } = ctx;
  const { page, pageSize, ...f } = query;
  const base = filtered(db, actor, f);
  const [rows, count] = await Promise.all([
    base
      .selectAll('organisations')
      .orderBy('organisations.district_code')
      .orderBy('organisations.id')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const ids = rows.map((r) => r.id);
  const [occupancy, stars] = await Promise.all([occupancyByInstitution(db, ids), currentStars(db, ids, today)]);
  return {
    total: Number(count.n),
    page,
    pageSize,
    items: rows.map((r) => summary(r, occupancy.get(r.id), stars.get(r.id)?.star ?? null)),
  };
}

/** Points for the 养老地图: every reachable facility with a location, smallest payload. */
export async function mapPoints(ctx: UseCaseContext, f: InstitutionFilters): Promise<MapPoint[]> {
  const { db, actor } = ctx;
  const rows = await filtered(db, actor, f)
    .select([
      'organisations.id',
      'organisations.kind',
      'organisations.name',
      'organisations.ownership',
      'organisations.lat',
      'organisations.lng',
      'organisations.district_code',
      'organisations.bed_count',
    ])
    .where('organisations.lat', 'is not', null)
    .orderBy('organisations.id')
    .limit(20_000)
    .execute();
  const occupancy = await occupancyByInstitution(
    db,
    rows.filter((r) => r.kind === 'institution').map((r) => r.id),
  );
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    name: r.name,
    ownership: r.ownership,
    lat: r.lat!,
    lng: r.lng!,
    districtCode: r.district_code,
    beds: occupancy.get(r.id)?.total ?? r.bed_count,
    occupied: occupancy.get(r.id)?.occupied ?? 0,
  }));
}
