// Residents: admission (with the GB 38600 pre-admission safety assessment), transfer between
// beds, discharge with a reason, and the residency rule that opens an admitted elder's record
// to the staff of the institution they live in, for care.
import { type Kysely, sql, type Transaction } from 'kysely';
import { violates } from '../../db/errors.js';
import type { DB } from '../../db/schema.js';
import { maskCitizenId, normaliseCitizenId } from '../../lib/citizen-id.js';
import { ageOn, isIsoDate } from '../../lib/dates.js';
import { AppError } from '../../lib/errors.js';
import { visibleElders } from '../elders/service.js';
import type { Actor } from '../identity/access.js';
import { recordAudit } from '../identity/audit.js';
import { inTransaction, type UseCaseContext } from '../identity/context.js';
import { canReach, isOfficer, organisationFor, worksIn } from './access.js';
import { admissionGate, markOfferAdmitted } from './admission-gate.js';
import { afterBedsFreed } from './bed-events.js';
import { lockBed } from './beds.js';
import {
  BED_STATUS_LABELS,
  DISCHARGE_REASON_LABELS,
  type DischargeReason,
  SAFETY_RISKS,
  type SafetyRisk,
} from './kinds.js';
import { inOfferTransaction } from './offers.js';
import type { ResidentRecord, ResidentRow } from './schemas.js';

export type { ResidentRecord, ResidentRow } from './schemas.js';

type Db = Kysely<DB> | Transaction<DB>;

export interface SafetyAssessmentInput {
  assessedOn: string;
  assessorName: string;
  risks: Record<SafetyRisk, number>;
  notes?: string | null;
}

export interface AdmissionInput {
  bedId: number;
  admittedOn: string;
  /** Officers name an elder in their registry scope. */
  elderId?: number;
  /** Institution staff identify the person by the ID card they present. */
  idNumber?: string;
  /** An accepted waiting-list offer for this bed. */
  offerId?: number;
  /** 兜底安置 by the bureau: officers only, bypasses the waiting list. */
  officialPlacement?: boolean;
  safety: SafetyAssessmentInput;
}

function checkDate(value: string, field: string, today: string): void {
  if (!isIsoDate(value)) throw new AppError('invalid_date', { field }, field);
  if (value > today) throw new AppError('out_of_range', { field }, field);
}

/** Finds the elder to admit, by the route the actor is entitled to; audits the identity lookup. */
async function elderToAdmit(
  ctx: UseCaseContext,
  input: AdmissionInput,
  districtCode: string,
): Promise<{ id: number; status: string }> {
  const { db: tx, actor } = ctx;
  if (input.elderId != null) {
    if (!isOfficer(actor)) throw new AppError('forbidden', {}, 'elderId');
    const e = await visibleElders(tx, actor)
      .select(['elders.id', 'elders.status'])
      .where('elders.id', '=', input.elderId)
      .executeTakeFirst();
    if (!e) throw new AppError('not_found', {}, 'elderId');
    return e;
  }
  if (input.idNumber) {
    // The person stands at the desk with their ID card: an exact match on the full number only.
    const e = await tx
      .selectFrom('elders')
      .select(['id', 'status', 'district_code'])
      .where('id_number', '=', normaliseCitizenId(input.idNumber))
      .executeTakeFirst();
    await recordAudit(ctx, {
      action: 'search',
      entityType: 'elder',
      entityId: e?.id ?? null,
      districtCode: e?.district_code ?? districtCode,
      purpose: 'admission identity check (ID card presented)',
      detail: { found: !!e },
    });
    if (!e) throw new AppError('not_found', {}, 'idNumber');
    return e;
  }
  throw new AppError('required', { field: 'idNumber' }, 'idNumber');
}

/** Admits; returns the residency id (the route reads the record back with getResident). */
export async function admitResident(
  ctx: UseCaseContext,
  organisationId: number,
  input: AdmissionInput,
): Promise<number> {
  const { db, actor, now, today } = ctx;
  checkDate(input.admittedOn, 'admittedOn', today);
  checkDate(input.safety.assessedOn, 'safety.assessedOn', today);
  if (input.safety.assessedOn > input.admittedOn)
    throw new AppError('out_of_range', { field: 'safety.assessedOn' }, 'safety.assessedOn');
  for (const r of SAFETY_RISKS) {
    const v = input.safety.risks[r];
    if (!Number.isInteger(v) || v < 0 || v > 3)
      throw new AppError('out_of_range', { field: `safety.risks.${r}` }, `safety.risks.${r}`);
  }
  const residencyId = await inOfferTransaction(db, async (tx) => {
    const t = inTransaction(ctx, tx);
    const org = await organisationFor(tx, actor, organisationId, 'operate', { kind: 'institution' });
    const bed = await lockBed(tx, org.id, input.bedId);
    const gate = await admissionGate(tx, actor, org, bed, input, now);
    const elderId = gate.elderId ?? (await elderToAdmit(t, input, org.district_code)).id;
    const elder = await tx.selectFrom('elders').select(['status']).where('id', '=', elderId).executeTakeFirstOrThrow();
    if (elder.status !== 'active') throw new AppError('already_archived');
    const current = await tx
      .selectFrom('residencies as r')
      .innerJoin('organisations as o', 'o.id', 'r.organisation_id')
      .select('o.name')
      .where('r.elder_id', '=', elderId)
      .where('r.discharged_on', 'is', null)
      .executeTakeFirst();
    if (current) throw new AppError('already_resident', { name: current.name });
    let row: { id: number };
    try {
      row = await tx
        .insertInto('residencies')
        .values({
          elder_id: elderId,
          organisation_id: org.id,
          district_code: org.district_code,
          bed_id: bed.id,
          admitted_on: input.admittedOn,
          placement: gate.placement,
          admitted_by: actor.userId,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
    } catch (err) {
      if (violates(err, 'residencies_open_elder_key')) throw new AppError('already_resident', { name: org.name });
      if (violates(err, 'residencies_open_bed_key'))
        throw new AppError('bed_unavailable', { label: bed.label, status: BED_STATUS_LABELS.occupied }, 'bedId');
      throw err;
    }
    const s = input.safety;
    await tx
      .insertInto('admission_safety_assessments')
      .values({
        residency_id: row.id,
        elder_id: elderId,
        organisation_id: org.id,
        district_code: org.district_code,
        assessed_on: s.assessedOn,
        assessor_name: s.assessorName.trim(),
        notes: s.notes ?? null,
        ...s.risks,
      })
      .execute();
    await tx.updateTable('beds').set({ status: 'occupied', status_changed_at: now }).where('id', '=', bed.id).execute();
    if (gate.offerId) await markOfferAdmitted(tx, actor, gate.offerId, row.id, now);
    await recordAudit(t, {
      action: 'create',
      entityType: 'residency',
      entityId: row.id,
      districtCode: org.district_code,
      purpose: 'admission',
      detail: {
        elderId,
        organisationId: org.id,
        bedId: bed.id,
        placement: gate.placement,
        offerId: gate.offerId ?? null,
      },
    });
    return row.id;
  });
  return residencyId;
}

/** Loads an open residency the actor may operate on, with its row locked. */
async function openResidency(tx: Transaction<DB>, actor: Actor, residencyId: number) {
  // One round trip for the stay and its institution: discharge is on the waiting list's hot path.
  const row = await tx
    .selectFrom('residencies as r')
    .innerJoin('organisations as o', 'o.id', 'r.organisation_id')
    .selectAll('r')
    .select(['o.kind', 'o.ownership', 'o.name as org_name', 'o.jurisdiction_code', 'o.district_code as org_district'])
    .where('r.id', '=', residencyId)
    .forUpdate('r')
    .executeTakeFirst();
  if (!row) throw new AppError('not_found');
  const { kind, ownership, org_name, jurisdiction_code, org_district, ...r } = row;
  const org = {
    id: r.organisation_id,
    kind,
    ownership,
    name: org_name,
    jurisdiction_code,
    district_code: org_district,
  };
  if (!canReach(actor, org, 'read')) throw new AppError('not_found');
  if (!canReach(actor, org, 'operate')) throw new AppError('forbidden');
  if (r.discharged_on) throw new AppError('residency_closed');
  return { r, org };
}

export async function moveResidentToBed(
  ctx: UseCaseContext,
  residencyId: number,
  input: { toBedId: number; movedOn: string; reason: string },
): Promise<void> {
  const { db, actor, now } = ctx;
  checkDate(input.movedOn, 'movedOn', ctx.today);
  await inOfferTransaction(db, async (tx) => {
    const { r, org } = await openResidency(tx, actor, residencyId);
    if (input.toBedId === r.bed_id) throw new AppError('out_of_range', { field: 'toBedId' }, 'toBedId');
    if (input.movedOn < r.admitted_on) throw new AppError('out_of_range', { field: 'movedOn' }, 'movedOn');
    // Lock both beds in id order, so two transfers in opposite directions cannot deadlock.
    const [first, second] = [r.bed_id, input.toBedId].sort((a, b) => a - b);
    const locked = [await lockBed(tx, org.id, first!), await lockBed(tx, org.id, second!)];
    const to = locked.find((b) => b.id === input.toBedId)!;
    if (to.status !== 'free')
      throw new AppError('bed_unavailable', { label: to.label, status: BED_STATUS_LABELS[to.status] }, 'toBedId');
    await tx
      .updateTable('beds')
      .set({ status: 'free', status_changed_at: now, vacated_at: now })
      .where('id', '=', r.bed_id)
      .execute();
    await tx.updateTable('residencies').set({ bed_id: to.id }).where('id', '=', r.id).execute();
    await tx.updateTable('beds').set({ status: 'occupied', status_changed_at: now }).where('id', '=', to.id).execute();
    await tx
      .insertInto('residency_bed_moves')
      .values({
        residency_id: r.id,
        district_code: r.district_code,
        from_bed_id: r.bed_id,
        to_bed_id: to.id,
        moved_on: input.movedOn,
        reason: input.reason.trim(),
        moved_by: actor.userId,
      })
      .execute();
    await recordAudit(inTransaction(ctx, tx), {
      action: 'update',
      entityType: 'residency',
      entityId: r.id,
      districtCode: r.district_code,
      purpose: 'bed transfer',
      detail: { elderId: r.elder_id, fromBedId: r.bed_id, toBedId: to.id, reason: input.reason },
    });
    await afterBedsFreed(tx, actor, org, [r.bed_id], now);
  });
}

export async function dischargeResident(
  ctx: UseCaseContext,
  residencyId: number,
  input: { dischargedOn: string; reason: DischargeReason; note?: string | null },
): Promise<void> {
  const { db, actor, now } = ctx;
  checkDate(input.dischargedOn, 'dischargedOn', ctx.today);
  await inOfferTransaction(db, async (tx) => {
    const { r, org } = await openResidency(tx, actor, residencyId);
    if (input.dischargedOn < r.admitted_on)
      throw new AppError('out_of_range', { field: 'dischargedOn' }, 'dischargedOn');
    // The stay closes and its bed frees in one statement; the bed's label comes back for the offer.
    const freed = await sql<{ label: string }>`
      WITH stay AS (
        UPDATE residencies SET discharged_on = ${input.dischargedOn}::date, discharge_reason = ${input.reason}::text,
          discharge_note = ${input.note ?? null}::text, discharged_by = ${actor.userId}::bigint
        WHERE id = ${r.id}::bigint RETURNING bed_id
      )
      UPDATE beds SET status = 'free', status_changed_at = ${now}::timestamptz, vacated_at = ${now}::timestamptz
      WHERE id = (SELECT bed_id FROM stay) RETURNING label`.execute(tx);
    await recordAudit(inTransaction(ctx, tx), {
      action: 'update',
      entityType: 'residency',
      entityId: r.id,
      districtCode: r.district_code,
      purpose: 'discharge',
      detail: { elderId: r.elder_id, reason: input.reason, dischargedOn: input.dischargedOn },
    });
    await afterBedsFreed(tx, actor, org, [{ id: r.bed_id, label: freed.rows[0]!.label }], now);
  });
}

/**
 * One residency with the elder's basic record. The residency rule: staff of the institution read
 * the record of an elder while they live there; officers read it through their registry scope. Every read is audited with the basis it used.
 */
export async function getResident(
  ctx: UseCaseContext,
  residencyId: number,
  options: { audit?: boolean } = {},
): Promise<ResidentRecord> {
  const { db, actor, today } = ctx;
  const r = await db
    .selectFrom('residencies as r')
    .innerJoin('beds as b', 'b.id', 'r.bed_id')
    .selectAll('r')
    .select('b.label as bed_label')
    .where('r.id', '=', residencyId)
    .executeTakeFirst();
  if (!r) throw new AppError('not_found');
  const org = await organisationFor(db, actor, r.organisation_id, 'read');
  // Staff read the elder while the stay is open; after discharge only the stay itself remains theirs.
  const basis = worksIn(actor, org.id) ? 'residency' : 'registry scope';
  const elderQuery =
    basis === 'registry scope' ? visibleElders(db, actor) : r.discharged_on == null ? db.selectFrom('elders') : null;
  const [elder, safety, moves] = await Promise.all([
    elderQuery
      ?.select([
        'elders.id',
        'elders.elder_code',
        'elders.name',
        'elders.sex',
        'elders.birth_date',
        'elders.id_number',
        'elders.phone',
        'elders.district_code',
      ])
      .where('elders.id', '=', r.elder_id)
      .executeTakeFirst(),
    db.selectFrom('admission_safety_assessments').selectAll().where('residency_id', '=', r.id).executeTakeFirst(),
    db.selectFrom('residency_bed_moves').selectAll().where('residency_id', '=', r.id).orderBy('id').execute(),
  ]);
  if (elder && options.audit !== false) {
    await recordAudit(ctx, {
      action: 'read',
      entityType: 'elder',
      entityId: elder.id,
      districtCode: elder.district_code,
      purpose: basis === 'residency' ? `institution care (residency ${r.id})` : 'supervision',
      detail: { residencyId: r.id, basis },
    });
  }
  return {
    id: r.id,
    organisationId: r.organisation_id,
    bedId: r.bed_id,
    bedLabel: r.bed_label,
    admittedOn: r.admitted_on,
    placement: r.placement,
    dischargedOn: r.discharged_on,
    dischargeReason: r.discharge_reason,
    dischargeReasonLabel: r.discharge_reason ? DISCHARGE_REASON_LABELS[r.discharge_reason as DischargeReason] : null,
    dischargeNote: r.discharge_note,
    elder: elder
      ? {
          id: elder.id,
          elderCode: elder.elder_code,
          name: elder.name,
          sex: elder.sex,
          birthDate: null,
          age: ageOn(elder.birth_date, today),
          idNumber: maskCitizenId(elder.id_number),
          phone: elder.phone,
        }
      : null,
    safety: safety
      ? {
          assessedOn: safety.assessed_on,
          assessorName: safety.assessor_name,
          risks: Object.fromEntries(SAFETY_RISKS.map((k) => [k, safety[k]])) as Record<SafetyRisk, number>,
          notes: safety.notes,
        }
      : null,
    moves: moves.map((m) => ({
      fromBedId: m.from_bed_id,
      toBedId: m.to_bed_id,
      movedOn: m.moved_on,
      reason: m.reason,
    })),
  };
}

export async function listResidents(
  ctx: UseCaseContext,
  organisationId: number,
  status: 'current' | 'discharged' | 'all' = 'current',
): Promise<ResidentRow[]> {
  const { db, actor, today } = ctx;
  const org = await organisationFor(db, actor, organisationId, 'read', { kind: 'institution' });
  const staff = worksIn(actor, org.id);
  const rows = await db
    .selectFrom('residencies as r')
    .innerJoin('beds as b', 'b.id', 'r.bed_id')
    .leftJoin('elders as e', (j) =>
      j
        .onRef('e.id', '=', 'r.elder_id')
        .on((eb) =>
          staff ? eb('r.discharged_on', 'is', null) : eb('e.id', 'in', visibleElders(db, actor).select('elders.id')),
        ),
    )
    .select([
      'r.id',
      'r.elder_id',
      'r.admitted_on',
      'r.discharged_on',
      'r.discharge_reason',
      'r.placement',
      'b.id as bed_id',
      'b.label as bed_label',
      'b.bed_type',
      'e.name',
      'e.sex',
      'e.birth_date',
    ])
    .where('r.organisation_id', '=', org.id)
    .$if(status === 'current', (q) => q.where('r.discharged_on', 'is', null))
    .$if(status === 'discharged', (q) => q.where('r.discharged_on', 'is not', null))
    .orderBy('b.label')
    .orderBy('r.id')
    .limit(5000)
    .execute();
  await recordAudit(ctx, {
    action: 'list',
    entityType: 'resident',
    districtCode: org.district_code,
    purpose: staff ? 'institution care (residency)' : 'supervision',
    detail: { organisationId: org.id, status, count: rows.length },
  });
  return rows.map((r) => ({
    residencyId: r.id,
    elderId: r.elder_id,
    name: r.name ?? null,
    sex: r.sex ?? null,
    age: r.birth_date ? ageOn(r.birth_date, today) : null,
    bedId: r.bed_id,
    bedLabel: r.bed_label,
    bedType: r.bed_type,
    admittedOn: r.admitted_on,
    placement: r.placement,
    dischargedOn: r.discharged_on,
    dischargeReason: r.discharge_reason,
  }));
}

export async function openResidentCount(db: Db, organisationId: number): Promise<number> {
  const r = await db
    .selectFrom('residencies')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('organisation_id', '=', organisationId)
    .where('discharged_on', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
