// The caregiver and care-staff registry: register a person with their first employment, hire a
// registered person elsewhere, end an employment (future incentive instalments stop), record
// certificates and training, read one person or a list.
import { sql } from 'kysely';
import { maskCitizenId, normaliseCitizenId, parseCitizenId } from '../../lib/citizen-id.js';
import { ageOn, isIsoDate } from '../../lib/dates.js';
import { AppError } from '../../lib/errors.js';
import { recordAudit } from '../identity/audit.js';
import { inTransaction, type UseCaseContext } from '../identity/context.js';
import { employerFor, employmentScope, reachableWorker } from './access.js';
import { cancelFutureInstalments, workerInstalments } from './incentives.js';
import type { WorkerPage, WorkerView } from './schemas.js';
import {
  CERTIFICATE_KIND_LABELS,
  type CertificateKind,
  EDUCATION_LABELS,
  type Education,
  EMPLOYER_KINDS,
  JOB_ROLE_LABELS,
  type JobRole,
  SKILL_LEVEL_LABELS,
} from './vocabulary.js';

export interface EmploymentInput {
  organisationId: number;
  jobRole: JobRole;
  frontline: boolean;
  establishment?: boolean;
  hiredOn: string;
}

export interface WorkerInput {
  name: string;
  idNumber: string;
  phone?: string | null;
  education: Education;
  graduatedOn?: string | null;
  employment: EmploymentInput;
}

function checkedId(raw: string) {
  const parsed = parseCitizenId(raw);
  if ('problem' in parsed) {
    const code =
      parsed.problem === 'format'
        ? 'id_number_format'
        : parsed.problem === 'birth_date'
          ? 'id_number_birth_date'
          : 'id_number_check_digit';
    throw new AppError(code, {}, 'idNumber');
  }
  return { idNumber: normaliseCitizenId(raw), ...parsed };
}

function checkDate(value: string | null | undefined, field: string, today: string): void {
  if (value == null) return;
  if (!isIsoDate(value)) throw new AppError('invalid_date', { field }, field);
  if (value > today) throw new AppError('out_of_range', { field }, field);
}

/** Inside the caller's transaction (ctx.db is the transaction). */
async function insertEmployment(ctx: UseCaseContext, workerId: number, e: EmploymentInput) {
  const { db: tx, actor } = ctx;
  const org = await employerFor(tx, actor, e.organisationId);
  if (!(EMPLOYER_KINDS as readonly string[]).includes(org.kind))
    throw new AppError('not_found', {}, 'employment.organisationId');
  const open = await tx
    .selectFrom('employments')
    .select('id')
    .where('worker_id', '=', workerId)
    .where('organisation_id', '=', org.id)
    .where('left_on', 'is', null)
    .executeTakeFirst();
  if (open) throw new AppError('worker_registered', {}, 'idNumber');
  const row = await tx
    .insertInto('employments')
    .values({
      worker_id: workerId,
      organisation_id: org.id,
      district_code: org.district_code,
      job_role: e.jobRole,
      frontline: e.frontline,
      establishment: e.establishment ?? false,
      hired_on: e.hiredOn,
      created_by: actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordAudit(ctx, {
    action: 'create',
    entityType: 'employment',
    entityId: row.id,
    districtCode: org.district_code,
    detail: { workerId, organisationId: org.id, jobRole: e.jobRole },
  });
  return row.id;
}

export async function registerWorker(ctx: UseCaseContext, input: WorkerInput): Promise<number> {
  const { db, actor, today } = ctx;
  const id = checkedId(input.idNumber);
  checkDate(input.graduatedOn, 'graduatedOn', today);
  checkDate(input.employment.hiredOn, 'employment.hiredOn', today);
  const org = await employerFor(db, actor, input.employment.organisationId);
  return db.transaction().execute(async (tx) => {
    const t = inTransaction(ctx, tx);
    const row = await tx
      .insertInto('workers')
      .values({
        name: input.name.trim(),
        id_number: id.idNumber,
        sex: id.sex,
        birth_date: id.birthDate,
        phone: input.phone ?? null,
        education: input.education,
        graduated_on: input.graduatedOn ?? null,
        district_code: org.district_code,
        created_by: actor.userId,
      })
      .onConflict((oc) => oc.column('id_number').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) throw new AppError('worker_registered', {}, 'idNumber');
    await recordAudit(t, {
      action: 'create',
      entityType: 'worker',
      entityId: row.id,
      districtCode: org.district_code,
    });
    await insertEmployment(t, row.id, input.employment);
    return row.id;
  });
}

/** Hires an already registered person, found by the full ID number they present. */
export async function hireRegistered(
  ctx: UseCaseContext,
  input: { idNumber: string; employment: EmploymentInput },
): Promise<number> {
  const { employment } = input;
  checkDate(employment.hiredOn, 'hiredOn', ctx.today);
  const { idNumber: normalised } = checkedId(input.idNumber);
  return ctx.db.transaction().execute(async (tx) => {
    const t = inTransaction(ctx, tx);
    const worker = await tx
      .selectFrom('workers')
      .select(['id', 'district_code'])
      .where('id_number', '=', normalised)
      .executeTakeFirst();
    await recordAudit(t, {
      action: 'search',
      entityType: 'worker',
      entityId: worker?.id ?? null,
      districtCode: worker?.district_code ?? null,
      purpose: 'hiring identity check (ID card presented)',
      detail: { found: !!worker },
    });
    if (!worker) throw new AppError('not_found', {}, 'idNumber');
    await insertEmployment(t, worker.id, employment);
    return worker.id;
  });
}

/** The person leaves; answers the worker's id. */
export async function endEmployment(
  ctx: UseCaseContext,
  employmentId: number,
  input: { leftOn: string; reason: string },
): Promise<number> {
  const { leftOn, reason } = input;
  checkDate(leftOn, 'leftOn', ctx.today);
  return ctx.db.transaction().execute(async (tx) => {
    const e = await tx
      .selectFrom('employments')
      .selectAll()
      .where('id', '=', employmentId)
      .forUpdate()
      .executeTakeFirst();
    if (!e) throw new AppError('not_found');
    await employerFor(tx, ctx.actor, e.organisation_id);
    if (e.left_on) throw new AppError('employment_ended');
    if (leftOn < e.hired_on) throw new AppError('out_of_range', { field: 'leftOn' }, 'leftOn');
    await tx.updateTable('employments').set({ left_on: leftOn, left_reason: reason }).where('id', '=', e.id).execute();
    const cancelled = await cancelFutureInstalments(tx, e.id, leftOn, `离职（${reason}）`);
    await recordAudit(inTransaction(ctx, tx), {
      action: 'update',
      entityType: 'employment',
      entityId: e.id,
      districtCode: e.district_code,
      detail: { leftOn, reason, instalmentsCancelled: cancelled },
    });
    return e.worker_id;
  });
}

export async function addCertificate(
  ctx: UseCaseContext,
  workerId: number,
  c: {
    kind: CertificateKind;
    skillLevel?: number | null;
    certificateNo: string;
    issuedOn: string;
    issuer?: string | null;
  },
): Promise<void> {
  checkDate(c.issuedOn, 'issuedOn', ctx.today);
  if ((c.kind === 'caregiver_skill') !== (c.skillLevel != null))
    throw new AppError('required', { field: 'skillLevel' }, 'skillLevel');
  await ctx.db.transaction().execute(async (tx) => {
    const w = await reachableWorker(tx, ctx.actor, workerId);
    const row = await tx
      .insertInto('worker_certificates')
      .values({
        worker_id: w.id,
        district_code: w.district_code,
        kind: c.kind,
        skill_level: c.skillLevel ?? null,
        certificate_no: c.certificateNo.trim(),
        issued_on: c.issuedOn,
        issuer: c.issuer ?? null,
        created_by: ctx.actor.userId,
      })
      .onConflict((oc) => oc.columns(['kind', 'certificate_no']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!row) throw new AppError('certificate_registered', { number: c.certificateNo }, 'certificateNo');
    await recordAudit(inTransaction(ctx, tx), {
      action: 'update',
      entityType: 'worker',
      entityId: w.id,
      districtCode: w.district_code,
      detail: { certificateAdded: c.kind, skillLevel: c.skillLevel ?? null },
    });
  });
}

export async function addTraining(
  ctx: UseCaseContext,
  workerId: number,
  t: { course: string; hours: number; completedOn: string; provider?: string | null },
): Promise<void> {
  checkDate(t.completedOn, 'completedOn', ctx.today);
  await ctx.db.transaction().execute(async (tx) => {
    const w = await reachableWorker(tx, ctx.actor, workerId);
    await tx
      .insertInto('worker_training')
      .values({
        worker_id: w.id,
        district_code: w.district_code,
        course: t.course.trim(),
        hours: t.hours,
        completed_on: t.completedOn,
        provider: t.provider ?? null,
        created_by: ctx.actor.userId,
      })
      .execute();
    await recordAudit(inTransaction(ctx, tx), {
      action: 'update',
      entityType: 'worker',
      entityId: w.id,
      districtCode: w.district_code,
      detail: { trainingHours: t.hours },
    });
  });
}

export async function getWorker(ctx: UseCaseContext, workerId: number): Promise<WorkerView> {
  const { db } = ctx;
  const w = await reachableWorker(db, ctx.actor, workerId);
  const [employments, certificates, training, instalments] = await Promise.all([
    db
      .selectFrom('employments as e')
      .innerJoin('organisations as o', 'o.id', 'e.organisation_id')
      .selectAll('e')
      .select('o.name as organisation_name')
      .where('e.worker_id', '=', w.id)
      .orderBy('e.hired_on', 'desc')
      .execute(),
    db
      .selectFrom('worker_certificates')
      .selectAll()
      .where('worker_id', '=', w.id)
      .orderBy('issued_on', 'desc')
      .execute(),
    db
      .selectFrom('worker_training')
      .selectAll()
      .where('worker_id', '=', w.id)
      .orderBy('completed_on', 'desc')
      .execute(),
    workerInstalments(db, w.id),
  ]);
  await recordAudit(ctx, { action: 'read', entityType: 'worker', entityId: w.id, districtCode: w.district_code });
  const skill = certificates
    .filter((c) => c.kind === 'caregiver_skill')
    .reduce<number | null>((best, c) => (best == null || c.skill_level! < best ? c.skill_level : best), null);
  return {
    id: w.id,
    name: w.name,
    idNumber: w.id_number,
    sex: w.sex,
    birthDate: w.birth_date,
    age: ageOn(w.birth_date, ctx.today),
    phone: w.phone,
    education: w.education,
    educationLabel: EDUCATION_LABELS[w.education as Education] ?? w.education,
    graduatedOn: w.graduated_on,
    skillLevel: skill,
    skillLevelLabel: skill ? SKILL_LEVEL_LABELS[skill]! : null,
    trainingHours: training.reduce((s, t) => s + Number(t.hours), 0),
    employments: employments.map((e) => ({
      id: e.id,
      organisationId: e.organisation_id,
      organisationName: e.organisation_name,
      jobRole: e.job_role,
      jobRoleLabel: JOB_ROLE_LABELS[e.job_role as JobRole] ?? e.job_role,
      frontline: e.frontline,
      establishment: e.establishment,
      hiredOn: e.hired_on,
      leftOn: e.left_on,
      leftReason: e.left_reason,
    })),
    certificates: certificates.map((c) => ({
      id: c.id,
      kind: c.kind,
      kindLabel: CERTIFICATE_KIND_LABELS[c.kind as CertificateKind],
      skillLevel: c.skill_level,
      skillLevelLabel: c.skill_level ? SKILL_LEVEL_LABELS[c.skill_level]! : null,
      certificateNo: c.certificate_no,
      issuedOn: c.issued_on,
      issuer: c.issuer,
    })),
    training: training.map((t) => ({
      id: t.id,
      course: t.course,
      hours: Number(t.hours),
      completedOn: t.completed_on,
      provider: t.provider,
    })),
    instalments,
  };
}

export interface WorkerFilters {
  organisationId?: number;
  jobRole?: JobRole;
  q?: string;
  skillLevel?: number;
}

/** Current staff (open employments) within reach, one row per employment; ID numbers masked. */
export async function listWorkers(
  ctx: UseCaseContext,
  query: WorkerFilters & { page: number; pageSize: number },
): Promise<WorkerPage> {
  const { db, actor } = ctx;
  const { page, pageSize, ...f } = query;
  const base = db
    .selectFrom('employments as e')
    .innerJoin('organisations as o', 'o.id', 'e.organisation_id')
    .innerJoin('workers as w', 'w.id', 'e.worker_id')
    .where('e.left_on', 'is', null)
    .where(employmentScope(actor))
    .$if(f.organisationId != null, (q) => q.where('e.organisation_id', '=', f.organisationId!))
    .$if(!!f.jobRole, (q) => q.where('e.job_role', '=', f.jobRole!))
    .$if(!!f.q, (q) => q.where('w.name', 'like', `${f.q!.replace(/[%_\\]/g, '\\$&')}%`))
    .$if(f.skillLevel != null, (q) =>
      q.where(
        sql<boolean>`(SELECT min(c.skill_level) FROM worker_certificates c WHERE c.worker_id = w.id AND c.kind = 'caregiver_skill') = ${f.skillLevel}`,
      ),
    );
  const [rows, count] = await Promise.all([
    base
      .select([
        'w.id',
        'w.name',
        'w.id_number',
        'w.sex',
        'w.birth_date',
        'e.id as employment_id',
        'e.organisation_id',
        'o.name as organisation_name',
        'e.job_role',
        'e.frontline',
        'e.establishment',
        'e.hired_on',
        sql<
          number | null
        >`(SELECT min(c.skill_level) FROM worker_certificates c WHERE c.worker_id = w.id AND c.kind = 'caregiver_skill')`.as(
          'skill_level',
        ),
        sql<string>`(SELECT coalesce(sum(t.hours), 0) FROM worker_training t WHERE t.worker_id = w.id)`.as(
          'training_hours',
        ),
      ])
      .orderBy('o.name')
      .orderBy('w.name')
      .orderBy('e.id')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  await recordAudit(ctx, {
    action: 'list',
    entityType: 'worker',
    detail: { filters: f, page, total: Number(count.n) },
  });
  const { today } = ctx;
  return {
    total: Number(count.n),
    page,
    pageSize,
    items: rows.map((r) => ({
      id: r.id,
      name: r.name,
      idNumber: maskCitizenId(r.id_number),
      sex: r.sex,
      age: ageOn(r.birth_date, today),
      employmentId: r.employment_id,
      organisationId: r.organisation_id,
      organisationName: r.organisation_name,
      jobRole: r.job_role,
      jobRoleLabel: JOB_ROLE_LABELS[r.job_role as JobRole] ?? r.job_role,
      frontline: r.frontline,
      establishment: r.establishment,
      hiredOn: r.hired_on,
      skillLevel: r.skill_level == null ? null : Number(r.skill_level),
      skillLevelLabel: r.skill_level == null ? null : SKILL_LEVEL_LABELS[Number(r.skill_level)]!,
      trainingHours: Number(r.training_hours),
    })),
  };
}
