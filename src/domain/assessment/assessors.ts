// Assessor qualifications (评估员资格, granted by the city) and declared conflicts of interest, and
// the one check every assignment and signature goes through: qualified today, covering the elder's
// place, no conflict, not the person who registered the elder.
import { AppError } from '../../lib/errors.js';
import type { Actor } from '../identity/access.js';
import { recordAudit } from '../identity/audit.js';
import type { UseCaseContext } from '../identity/context.js';
import type { Role } from '../identity/roles.js';
import { codePrefix, hasRole, prefixesFor } from '../identity/scope.js';
import { ASSESSMENT_MANAGERS, type Db, elderInScope, requireRoleFor } from './access.js';
import type { QualificationView } from './view-schemas.js';

export type { QualificationView } from './view-schemas.js';

export interface QualificationInput {
  userId: number;
  certificateNo: string;
  issuer?: string | null;
  issuedOn: string;
  expiresOn: string;
}

async function assessorGrants(db: Db, userId: number) {
  return db
    .selectFrom('role_grants')
    .select(['role', 'jurisdiction_code', 'organisation_id', 'elder_id'])
    .where('user_id', '=', userId)
    .execute();
}

/**
 * Who may qualify assessors: the city (a city-level grant), never a district. A district officer
 * already creates accounts and assigns tasks; qualifying too would let one person produce a
 * signed assessment alone.
 */
const QUALIFIERS: readonly Role[] = ['city_admin'];

function cityPrefixes(actor: Actor): string[] {
  // A city's code stands for a 4-digit prefix (3301…), a province's for 2; districts' for 6.
  return prefixesFor(actor, QUALIFIERS).filter((p) => p.length <= 4);
}

export async function registerQualification(
  ctx: UseCaseContext,
  input: QualificationInput,
): Promise<QualificationView> {
  const { db, actor } = ctx;
  const prefixes = cityPrefixes(actor);
  if (!prefixes.length) throw new AppError('qualification_city_only');
  if (input.expiresOn <= input.issuedOn) throw new AppError('out_of_range', { field: 'expiresOn' }, 'expiresOn');
  const grant = (await assessorGrants(db, input.userId)).find((g) => g.role === 'assessor' && g.jurisdiction_code);
  // Users who are not assessors, or whose place the city does not cover, are not found.
  if (!grant || !prefixes.some((p) => grant.jurisdiction_code!.startsWith(p)))
    throw new AppError('not_found', {}, 'userId');
  const row = await db
    .insertInto('assessor_qualifications')
    .values({
      user_id: input.userId,
      district_code: grant.jurisdiction_code!.slice(0, 6),
      certificate_no: input.certificateNo.trim(),
      issuer: input.issuer ?? null,
      issued_on: input.issuedOn,
      expires_on: input.expiresOn,
      created_by: actor.userId,
    })
    .onConflict((oc) => oc.column('certificate_no').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!row) throw new AppError('qualification_duplicate', { number: input.certificateNo }, 'certificateNo');
  await recordAudit(ctx, {
    action: 'create',
    entityType: 'assessor_qualification',
    entityId: row.id,
    districtCode: grant.jurisdiction_code!.slice(0, 6),
  });
  return (await listQualifications(ctx, { id: row.id }))[0]!;
}

/** Managers see the qualifications of their districts; an assessor sees their own. */
export async function listQualifications(
  ctx: UseCaseContext,
  filter: { id?: number; userId?: number } = {},
): Promise<QualificationView[]> {
  const { db, actor, today } = ctx;
  const prefixes = prefixesFor(actor, ASSESSMENT_MANAGERS);
  let q = db
    .selectFrom('assessor_qualifications as q')
    .innerJoin('users as u', 'u.id', 'q.user_id')
    .select([
      'q.id',
      'q.user_id',
      'u.username',
      'u.display_name',
      'q.district_code',
      'q.certificate_no',
      'q.issuer',
      'q.issued_on',
      'q.expires_on',
      'q.revoked_on',
    ])
    .where((eb) =>
      eb.or([
        eb('q.user_id', '=', actor.userId),
        ...prefixes.map((p) => eb('q.district_code', 'like', `${p.slice(0, 6)}%`)),
      ]),
    );
  if (filter.id) q = q.where('q.id', '=', filter.id);
  if (filter.userId) q = q.where('q.user_id', '=', filter.userId);
  const rows = await q.orderBy('q.id').execute();
  if (!filter.id)
    await recordAudit(ctx, {
      action: 'list',
      entityType: 'assessor_qualification',
      detail: { userId: filter.userId ?? null, rows: rows.length },
    });
  return rows.map((r) => ({
    id: r.id,
    userId: r.user_id,
    username: r.username,
    displayName: r.display_name,
    districtCode: r.district_code,
    certificateNo: r.certificate_no,
    issuer: r.issuer,
    issuedOn: r.issued_on,
    expiresOn: r.expires_on,
    revokedOn: r.revoked_on,
    validToday: r.issued_on <= today && r.expires_on >= today && (r.revoked_on == null || r.revoked_on > today),
  }));
}

export async function validQualification(db: Db, userId: number, onDate: string) {
  return db
    .selectFrom('assessor_qualifications')
    .select(['id', 'certificate_no', 'expires_on'])
    .where('user_id', '=', userId)
    .where('issued_on', '<=', onDate)
    .where('expires_on', '>=', onDate)
    .where((eb) => eb.or([eb('revoked_on', 'is', null), eb('revoked_on', '>', onDate)]))
    .orderBy('expires_on', 'desc')
    .executeTakeFirst();
}

export interface ConflictInput {
  userId?: number;
  kind: 'relative' | 'employer' | 'other';
  elderId?: number | null;
  organisationId?: number | null;
  note?: string | null;
}

/** An assessor declares their own conflicts; a manager may record them for an assessor of their district. */
export async function declareConflict(ctx: UseCaseContext, input: ConflictInput): Promise<{ id: number }> {
  const { db, actor } = ctx;
  const userId = input.userId ?? actor.userId;
  if (userId !== actor.userId && !hasRole(actor, ASSESSMENT_MANAGERS)) throw new AppError('forbidden');
  if (input.kind === 'employer' && !input.organisationId)
    throw new AppError('required', { field: 'organisationId' }, 'organisationId');
  if (input.kind !== 'employer' && !input.elderId) throw new AppError('required', { field: 'elderId' }, 'elderId');
  let districtCode: string;
  if (input.elderId) districtCode = (await elderInScope(db, actor, input.elderId)).district_code;
  else {
    const org = await db
      .selectFrom('organisations')
      .select('district_code')
      .where('id', '=', input.organisationId!)
      .executeTakeFirst();
    if (!org) throw new AppError('not_found', {}, 'organisationId');
    districtCode = org.district_code;
  }
  if (userId !== actor.userId) {
    const grant = (await assessorGrants(db, userId)).find((g) => g.role === 'assessor' && g.jurisdiction_code);
    if (!grant) throw new AppError('not_found', {}, 'userId');
    requireRoleFor(actor, ASSESSMENT_MANAGERS, grant.jurisdiction_code!);
  }
  const row = await db
    .insertInto('assessor_conflicts')
    .values({
      user_id: userId,
      kind: input.kind,
      elder_id: input.elderId ?? null,
      organisation_id: input.kind === 'employer' ? input.organisationId! : null,
      district_code: districtCode,
      note: input.note ?? null,
      declared_by: actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordAudit(ctx, {
    action: 'create',
    entityType: 'assessor_conflict',
    entityId: row.id,
    districtCode,
    detail: { userId, kind: input.kind },
  });
  return row;
}

const CONFLICT_LABELS: Record<string, string> = {
  relative: '亲属/relative',
  employer: '受雇机构/employer',
  other: '其他/other',
};

export interface AssessmentContext {
  elderId: number;
  communityCode: string;
  /** The institution the elder lives in, when known (recorded on the task). */
  institutionId: number | null;
}

/**
 * Refuses an assessor who is not qualified on `onDate`, does not cover the elder's place, or has a
 * conflict: declared (relative, employer, other), evident from their own grants (family member
 * of the elder, staff of the elder's institution), or evident from the record (they registered it).
 */
export async function assertEligibleAssessor(
  db: Db,
  userId: number,
  ctx: AssessmentContext,
  onDate: string,
): Promise<{ certificateNo: string; name: string }> {
  const user = await db
    .selectFrom('users')
    .select(['username', 'display_name', 'disabled'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!user || user.disabled) throw new AppError('assessor_not_qualified', { assessor: String(userId) });
  const grants = await assessorGrants(db, userId);
  const covers = grants.some(
    (g) =>
      g.role === 'assessor' && g.jurisdiction_code && ctx.communityCode.startsWith(codePrefix(g.jurisdiction_code)),
  );
  const qualification = await validQualification(db, userId, onDate);
  if (!covers || !qualification) throw new AppError('assessor_not_qualified', { assessor: user.username });
  const declared = await db
    .selectFrom('assessor_conflicts')
    .select('kind')
    .where('user_id', '=', userId)
    .where((eb) =>
      eb.or([
        eb('elder_id', '=', ctx.elderId),
        ...(ctx.institutionId ? [eb('organisation_id', '=', ctx.institutionId)] : []),
      ]),
    )
    .executeTakeFirst();
  const kind =
    declared?.kind ??
    (grants.some((g) => g.role === 'elder_family' && g.elder_id === ctx.elderId) ? 'relative' : null) ??
    (ctx.institutionId && grants.some((g) => g.organisation_id === ctx.institutionId) ? 'employer' : null);
  if (kind) throw new AppError('assessor_conflict', { assessor: user.username, kind: CONFLICT_LABELS[kind] });
  if (await registeredElder(db, userId, ctx.elderId))
    throw new AppError('assessor_registered_elder', { assessor: user.username });
  return { certificateNo: qualification.certificate_no, name: user.display_name };
}

/**
 * Whether the user registered the elder: the registry writes one audit 'create' entry per elder
 * (form or import), and the registry keeps no author column. Whoever registered an elder does not
 * assess them, or one person could both create a record and certify its care level.
 */
async function registeredElder(db: Db, userId: number, elderId: number): Promise<boolean> {
  const entry = await db
    .selectFrom('audit_log')
    .select('id')
    .where('entity_type', '=', 'elder')
    .where('entity_id', '=', String(elderId))
    .where('action', '=', 'create')
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return entry !== undefined;
}
