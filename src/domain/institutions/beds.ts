// Beds of one institution: add, change status or type, and the beds board.
// A bed that becomes free in a public institution is offered to the waiting list in the same
// transaction (afterBedsFreed), so no free bed sits unoffered while applicants wait.
import { sql, type Transaction } from 'kysely';
import { violates } from '../../db/errors.js';
import type { DB } from '../../db/schema.js';
import { ageOn } from '../../lib/dates.js';
import { AppError } from '../../lib/errors.js';
import { visibleElders } from '../elders/service.js';
import { recordAudit } from '../identity/audit.js';
import { inTransaction, type UseCaseContext } from '../identity/context.js';
import { organisationFor, worksIn } from './access.js';
import { afterBedsFreed } from './bed-events.js';
import { BED_STATUS_LABELS, BED_TYPE_LABELS, type BedType } from './kinds.js';
import { inOfferTransaction } from './offers.js';
import type { BedView } from './schemas.js';

export type { BedView } from './schemas.js';

export interface AddBedsInput {
  bedType: BedType;
  /** Explicit labels, or a prefix and a count: `3F-` × 4 → 3F-01 … 3F-04 after the highest taken. */
  labels?: string[];
  prefix?: string;
  count?: number;
}

export async function addBeds(ctx: UseCaseContext, organisationId: number, input: AddBedsInput): Promise<BedView[]> {
  const { db, actor, now } = ctx;
  const ids = await inOfferTransaction(db, async (tx) => {
    const org = await organisationFor(tx, actor, organisationId, 'operate', { kind: 'institution', lock: true });
    let labels = input.labels?.map((l) => l.trim()).filter(Boolean) ?? [];
    if (!labels.length) {
      const prefix = input.prefix ?? '';
      const count = input.count ?? 1;
      const taken = await tx
        .selectFrom('beds')
        .select('label')
        .where('organisation_id', '=', org.id)
        .where('label', 'like', `${prefix.replace(/[%_\\]/g, '\\$&')}%`)
        .execute();
      const highest = taken
        .map((t) => Number(t.label.slice(prefix.length)))
        .filter(Number.isInteger)
        .reduce((a, b) => Math.max(a, b), 0);
      labels = Array.from({ length: count }, (_, i) => `${prefix}${String(highest + i + 1).padStart(2, '0')}`);
    }
    const dup = labels.find((l, i) => labels.indexOf(l) !== i);
    if (dup) throw new AppError('bed_label_taken', { label: dup }, 'labels');
    let rows: { id: number }[];
    try {
      rows = await tx
        .insertInto('beds')
        .values(
          labels.map((label) => ({
            organisation_id: org.id,
            district_code: org.district_code,
            label,
            bed_type: input.bedType,
            vacated_at: now,
          })),
        )
        .returning('id')
        .execute();
    } catch (err) {
      if (violates(err, 'beds_organisation_id_label_key'))
        throw new AppError('bed_label_taken', { label: labels.join(',') }, 'labels');
      throw err;
    }
    await recordAudit(inTransaction(ctx, tx), {
      action: 'create',
      entityType: 'bed',
      entityId: rows[0]?.id,
      districtCode: org.district_code,
      detail: { organisationId, count: rows.length, bedType: input.bedType },
    });
    await afterBedsFreed(
      tx,
      actor,
      org,
      rows.map((r) => r.id),
      now,
    );
    return rows.map((r) => r.id);
  });
  const board = await bedBoard(ctx, organisationId, { audit: false });
  return board.filter((b) => ids.includes(b.id));
}

export interface BedPatch {
  status?: 'free' | 'out_of_service';
  bedType?: BedType;
  label?: string;
}

/** Takes a bed out of service or back, changes its type or label. Occupied and reserved beds keep their status. */
export async function updateBed(ctx: UseCaseContext, bedId: number, patch: BedPatch): Promise<BedView> {
  const { db, actor, now } = ctx;
  const orgId = await inOfferTransaction(db, async (tx) => {
    const bed = await tx.selectFrom('beds').selectAll().where('id', '=', bedId).forUpdate().executeTakeFirst();
    if (!bed) throw new AppError('not_found');
    const org = await organisationFor(tx, actor, bed.organisation_id, 'operate');
    if (patch.status && patch.status !== bed.status && (bed.status === 'occupied' || bed.status === 'reserved')) {
      throw new AppError('bed_unavailable', { label: bed.label, status: BED_STATUS_LABELS[bed.status] }, 'status');
    }
    try {
      await tx
        .updateTable('beds')
        .set({
          ...(patch.status && patch.status !== bed.status
            ? { status: patch.status, status_changed_at: now, ...(patch.status === 'free' ? { vacated_at: now } : {}) }
            : {}),
          ...(patch.bedType ? { bed_type: patch.bedType } : {}),
          ...(patch.label ? { label: patch.label.trim() } : {}),
        })
        .where('id', '=', bedId)
        .execute();
    } catch (err) {
      if (violates(err, 'beds_organisation_id_label_key'))
        throw new AppError('bed_label_taken', { label: patch.label! }, 'label');
      throw err;
    }
    await recordAudit(inTransaction(ctx, tx), {
      action: 'update',
      entityType: 'bed',
      entityId: bedId,
      districtCode: bed.district_code,
      detail: { ...patch, from: bed.status },
    });
    if (patch.status === 'free' && bed.status === 'out_of_service') await afterBedsFreed(tx, actor, org, [bedId], now);
    return org.id;
  });
  const board = await bedBoard(ctx, orgId, { audit: false });
  return board.find((b) => b.id === bedId)!;
}

/**
 * The beds board: every bed with its current resident. Staff of the institution see residents by
 * the residency rule; officers see a resident's name only when the elder is in their registry scope.
 */
export async function bedBoard(
  ctx: UseCaseContext,
  organisationId: number,
  options: { audit?: boolean } = {},
): Promise<BedView[]> {
  const { db, actor, today } = ctx;
  const org = await organisationFor(db, actor, organisationId, 'read', { kind: 'institution' });
  const staff = worksIn(actor, org.id);
  const rows = await db
    .selectFrom('beds as b')
    .leftJoin('residencies as r', (j) => j.onRef('r.bed_id', '=', 'b.id').on('r.discharged_on', 'is', null))
    .leftJoin('elders as e', (j) =>
      j
        .onRef('e.id', '=', 'r.elder_id')
        .on((eb) => (staff ? sql<boolean>`true` : eb('e.id', 'in', visibleElders(db, actor).select('elders.id')))),
    )
    .select([
      'b.id',
      'b.label',
      'b.bed_type',
      'b.status',
      'r.id as residency_id',
      'r.elder_id',
      'r.admitted_on',
      'e.name',
      'e.sex',
      'e.birth_date',
    ])
    .where('b.organisation_id', '=', org.id)
    .orderBy('b.label')
    .execute();
  if (options.audit !== false && rows.some((r) => r.residency_id != null)) {
    await recordAudit(ctx, {
      action: 'list',
      entityType: 'resident',
      districtCode: org.district_code,
      purpose: staff ? 'institution care (residency)' : 'supervision',
      detail: { organisationId: org.id, view: 'bed board' },
    });
  }
  return rows.map((r) => ({
    id: r.id,
    label: r.label,
    bedType: r.bed_type,
    bedTypeLabel: BED_TYPE_LABELS[r.bed_type],
    status: r.status,
    statusLabel: BED_STATUS_LABELS[r.status],
    resident:
      r.residency_id == null
        ? null
        : {
            residencyId: r.residency_id,
            elderId: r.elder_id!,
            name: r.name ?? null,
            sex: r.sex ?? null,
            age: r.birth_date ? ageOn(r.birth_date, today) : null,
            admittedOn: r.admitted_on!,
          },
  }));
}

/** Locks a bed of the organisation for an admission or transfer; refuses other institutions' beds. */
export async function lockBed(tx: Transaction<DB>, organisationId: number, bedId: number) {
  const bed = await tx.selectFrom('beds').selectAll().where('id', '=', bedId).forUpdate().executeTakeFirst();
  if (!bed || bed.organisation_id !== organisationId) throw new AppError('not_found', {}, 'bedId');
  return bed;
}
