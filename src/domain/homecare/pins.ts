// 服务确认码 — the elder's PIN for confirming a visit when the elder code cannot be shown (no phone,
// poor sight). Set by whoever may order for the elder (family, community worker); kept as a scrypt
// hash; five wrong tries in a row lock it for 30 minutes, so a caregiver cannot guess it.
import { AppError } from '../../lib/errors.js';
import { recordAudit } from '../identity/audit.js';
import { type UseCaseContext, userIdOf } from '../identity/context.js';
import { hashPassword, verifyPassword } from '../identity/passwords.js';
import type { PinBody, PinStatus } from './schemas.js';
import { orderableElder } from './scope.js';

const MAX_FAILURES = 5;
const LOCK_MINUTES = 30;

/** PINs nobody should choose: one digit repeated, or a run up or down. */
function tooSimple(pin: string): boolean {
  if (/^(\d)\1+$/.test(pin)) return true;
  const digits = [...pin].map(Number);
  const steps = digits.slice(1).map((d, i) => d - digits[i]!);
  return steps.every((s) => s === 1) || steps.every((s) => s === -1);
}

/** PUT /homecare/elders/:id/pin */
export async function setElderPin(ctx: UseCaseContext, elderId: number, body: PinBody): Promise<PinStatus> {
  const elder = await orderableElder(ctx, elderId);
  if (tooSimple(body.pin)) throw new AppError('homecare_pin_simple', {}, 'pin');
  const hash = await hashPassword(body.pin);
  await ctx.db
    .insertInto('homecare_elder_pins')
    .values({
      elder_id: elder.id,
      district_code: elder.district_code,
      pin_hash: hash,
      set_by: userIdOf(ctx),
      set_at: ctx.now,
    })
    .onConflict((oc) =>
      oc.column('elder_id').doUpdateSet({
        pin_hash: hash,
        set_by: userIdOf(ctx),
        set_at: ctx.now,
        failed_attempts: 0,
        locked_until: null,
      }),
    )
    .execute();
  await recordAudit(ctx, {
    action: 'update',
    entityType: 'homecare_elder_pin',
    entityId: elder.id,
    districtCode: elder.district_code,
  });
  return pinStatus(ctx, elderId);
}

/** GET /homecare/elders/:id/pin: whether a PIN is set and whether it is locked; never the PIN. */
export async function pinStatus(ctx: UseCaseContext, elderId: number): Promise<PinStatus> {
  const elder = await orderableElder(ctx, elderId);
  const row = await ctx.db
    .selectFrom('homecare_elder_pins')
    .select(['set_at', 'locked_until'])
    .where('elder_id', '=', elder.id)
    .executeTakeFirst();
  const locked = row?.locked_until && new Date(row.locked_until) > ctx.now ? new Date(row.locked_until) : null;
  return {
    set: !!row,
    setAt: row ? new Date(row.set_at).toISOString() : null,
    lockedUntil: locked ? locked.toISOString() : null,
  };
}

/**
 * Checks a PIN told at check-out. Runs outside the check-out's transaction: a wrong try is counted
 * even though the check-out itself is refused.
 */
export async function checkElderPin(ctx: UseCaseContext, elderId: number, pin: string): Promise<void> {
  const row = await ctx.db
    .selectFrom('homecare_elder_pins')
    .select(['pin_hash', 'failed_attempts', 'locked_until'])
    .where('elder_id', '=', elderId)
    .executeTakeFirst();
  if (!row) throw new AppError('homecare_pin_not_set', {}, 'confirmation.value');
  if (row.locked_until && new Date(row.locked_until) > ctx.now)
    throw new AppError(
      'homecare_pin_locked',
      { until: new Date(row.locked_until).toISOString() },
      'confirmation.value',
    );
  if (await verifyPassword(pin, row.pin_hash)) {
    if (row.failed_attempts > 0)
      await ctx.db
        .updateTable('homecare_elder_pins')
        .set({ failed_attempts: 0, locked_until: null })
        .where('elder_id', '=', elderId)
        .execute();
    return;
  }
  const failures = row.failed_attempts + 1;
  await ctx.db
    .updateTable('homecare_elder_pins')
    .set({
      failed_attempts: failures >= MAX_FAILURES ? 0 : failures,
      locked_until: failures >= MAX_FAILURES ? new Date(ctx.now.getTime() + LOCK_MINUTES * 60_000) : null,
    })
    .where('elder_id', '=', elderId)
    .execute();
  throw new AppError('homecare_confirmation_failed', {}, 'confirmation.value');
}
