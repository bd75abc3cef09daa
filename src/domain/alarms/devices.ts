// The device registry: SOS pendants, watches and home sensors, each owned by one elder and reached
// through that elder's community. Registering a device (or rotating its secret) hands back MQTT
// credentials once; only their hash is stored.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { sql } from 'kysely';
import { AppError } from '../../lib/errors.js';
import { recordAudit } from '../identity/audit.js';
import { type Db, inTransaction, type UseCaseContext } from '../identity/context.js';
import { ALARM_DEVICE_MANAGERS, ALARM_OPERATORS } from '../identity/permissions.js';
import type {
  DeviceCreateBody,
  DeviceCreated,
  DeviceList,
  DeviceQuery,
  DeviceUpdateBody,
  DeviceView,
  MqttCredentials,
} from './schemas.js';
import type { DeviceKind, DeviceStatus } from './vocabulary.js';

export const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');

/** Whether `secret` is the one whose hash is stored (constant time). */
export function secretMatches(secret: string, hash: string): boolean {
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(hash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

export const deviceClientId = (id: number) => `device-${id}`;
export const deviceTopicPrefix = (id: number) => `devices/${id}`;

function newCredentials(id: number): { mqtt: MqttCredentials; hash: string } {
  const password = randomBytes(24).toString('base64url');
  return {
    mqtt: { clientId: deviceClientId(id), username: deviceClientId(id), password, topicPrefix: deviceTopicPrefix(id) },
    hash: hashSecret(password),
  };
}

const iso = (d: Date | string | null) => (d == null ? null : new Date(d).toISOString());

function devicesQuery(db: Db) {
  return db
    .selectFrom('alarm_devices as d')
    .innerJoin('elders', 'elders.id', 'd.elder_id')
    .select([
      'd.id',
      'd.elder_id',
      'elders.name as elder_name',
      'elders.community_code',
      'elders.district_code',
      'd.kind',
      'd.serial',
      'd.sim',
      'd.install_address',
      'd.installed_on',
      'd.battery_pct',
      'd.firmware',
      'd.status',
      'd.online',
      'd.last_seen_at',
      'd.created_at',
    ]);
}
type DeviceRow = Awaited<ReturnType<ReturnType<typeof devicesQuery>['executeTakeFirstOrThrow']>>;

export function deviceView(r: DeviceRow): DeviceView {
  return {
    id: r.id,
    elderId: r.elder_id,
    elderName: r.elder_name,
    communityCode: r.community_code,
    kind: r.kind as DeviceKind,
    serial: r.serial,
    sim: r.sim,
    installAddress: r.install_address,
    installedOn: r.installed_on,
    batteryPct: r.battery_pct,
    firmware: r.firmware,
    status: r.status as DeviceStatus,
    online: r.online,
    lastSeenAt: iso(r.last_seen_at),
    createdAt: iso(r.created_at)!,
  };
}

/** Devices within the caller's reach (through the owner elder's community). */
export function reachableDevices(ctx: UseCaseContext, roles = ALARM_OPERATORS) {
  return devicesQuery(ctx.db).where(ctx.reach.places(roles).inJurisdiction('elders.community_code'));
}

/** One device, or 404 when it is missing or outside the caller's reach. */
async function reachableDevice(ctx: UseCaseContext, id: number, roles = ALARM_OPERATORS): Promise<DeviceRow> {
  const row = await reachableDevices(ctx, roles).where('d.id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('not_found');
  return row;
}

export async function registerDevice(ctx: UseCaseContext, input: DeviceCreateBody): Promise<DeviceCreated> {
  const elder = await ctx.db
    .selectFrom('elders')
    .select(['id', 'district_code', 'address', 'status'])
    .where('id', '=', input.elderId)
    .where(ctx.reach.places(ALARM_DEVICE_MANAGERS).inJurisdiction('elders.community_code'))
    .executeTakeFirst();
  if (!elder) throw new AppError('not_found', {}, 'elderId');
  const taken = await ctx.db
    .selectFrom('alarm_devices')
    .select('id')
    .where('serial', '=', input.serial)
    .executeTakeFirst();
  if (taken) throw new AppError('alarm_serial_exists', { serial: input.serial }, 'serial');
  return ctx.db.transaction().execute(async (tx) => {
    const t = inTransaction(ctx, tx);
    const { id } = await tx
      .insertInto('alarm_devices')
      .values({
        elder_id: elder.id,
        kind: input.kind,
        serial: input.serial,
        sim: input.sim ?? null,
        install_address: input.installAddress ?? elder.address,
        installed_on: input.installedOn ?? ctx.today,
        firmware: input.firmware ?? null,
        credential_hash: 'pending',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const { mqtt, hash } = newCredentials(id);
    await tx.updateTable('alarm_devices').set({ credential_hash: hash }).where('id', '=', id).execute();
    await recordAudit(t, {
      action: 'create',
      entityType: 'alarm_device',
      entityId: id,
      districtCode: elder.district_code,
      detail: { elderId: elder.id, kind: input.kind, serial: input.serial },
    });
    const row = await devicesQuery(tx).where('d.id', '=', id).executeTakeFirstOrThrow();
    return { ...deviceView(row), mqtt };
  });
}

export async function listDevices(ctx: UseCaseContext, q: DeviceQuery): Promise<DeviceList> {
  let query = reachableDevices(ctx);
  if (q.elderId) query = query.where('d.elder_id', '=', q.elderId);
  if (q.status) query = query.where('d.status', '=', q.status);
  if (q.kind) query = query.where('d.kind', '=', q.kind);
  const [rows, count] = await Promise.all([
    query
      .orderBy('d.id')
      .limit(q.limit ?? 50)
      .offset(q.offset ?? 0)
      .execute(),
    query.clearSelect().select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { total: count.n, items: rows.map(deviceView) };
}

export async function getDevice(ctx: UseCaseContext, id: number): Promise<DeviceView> {
  const row = await reachableDevice(ctx, id);
  await recordAudit(ctx, { action: 'read', entityType: 'alarm_device', entityId: id, districtCode: row.district_code });
  return deviceView(row);
}

export async function updateDevice(ctx: UseCaseContext, id: number, input: DeviceUpdateBody): Promise<DeviceView> {
  const row = await reachableDevice(ctx, id, ALARM_DEVICE_MANAGERS);
  if (row.status === 'retired') throw new AppError('alarm_device_retired');
  return ctx.db.transaction().execute(async (tx) => {
    await tx
      .updateTable('alarm_devices')
      .set({
        ...(input.sim !== undefined ? { sim: input.sim } : {}),
        ...(input.installAddress !== undefined ? { install_address: input.installAddress } : {}),
        ...(input.installedOn !== undefined ? { installed_on: input.installedOn } : {}),
        ...(input.firmware !== undefined ? { firmware: input.firmware } : {}),
        ...(input.status !== undefined ? { status: input.status } : {}),
        updated_at: ctx.now,
      })
      .where('id', '=', id)
      .execute();
    await recordAudit(inTransaction(ctx, tx), {
      action: 'update',
      entityType: 'alarm_device',
      entityId: id,
      districtCode: row.district_code,
      detail: { ...input },
    });
    return deviceView(await devicesQuery(tx).where('d.id', '=', id).executeTakeFirstOrThrow());
  });
}

/** A new secret for the device (the old one stops working at its next connect). */
export async function rotateCredentials(ctx: UseCaseContext, id: number): Promise<MqttCredentials> {
  const row = await reachableDevice(ctx, id, ALARM_DEVICE_MANAGERS);
  if (row.status === 'retired') throw new AppError('alarm_device_retired');
  const { mqtt, hash } = newCredentials(id);
  await ctx.db.transaction().execute(async (tx) => {
    await tx
      .updateTable('alarm_devices')
      .set({ credential_hash: hash, updated_at: ctx.now })
      .where('id', '=', id)
      .execute();
    await recordAudit(inTransaction(ctx, tx), {
      action: 'update',
      entityType: 'alarm_device',
      entityId: id,
      districtCode: row.district_code,
      detail: { credentials: 'rotated' },
    });
  });
  return mqtt;
}

/** The broker's check of a connecting device: its own id, secret and an active record. */
export async function authenticateDevice(db: Db, username: string, password: string): Promise<number | null> {
  const m = /^device-(\d{1,15})$/.exec(username);
  if (!m) return null;
  const id = Number(m[1]);
  const row = await db
    .selectFrom('alarm_devices')
    .select(['credential_hash', 'status'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (row?.status !== 'active' || !secretMatches(password, row.credential_hash)) return null;
  return id;
}
