// The alarms domain's part of the demo city: run by `yiyang serve` on a fresh database after the
// elders, organisations, beds, accounts and assessments exist. Safe to re-run (does nothing twice).
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { hashSecret } from './devices.js';

const DEMO_DEVICES = 5;

/** What it made, as one log line, or null when there was nothing to do. */
export async function seedAlarmsDemo(db: Kysely<DB>): Promise<string | null> {
  const done = await db.selectFrom('alarm_devices').select('id').where('serial', 'like', 'DEMO-%').executeTakeFirst();
  if (done) return null;
  const elders = await db
    .selectFrom('elders')
    .select(['id', 'address'])
    .where('status', '=', 'active')
    .orderBy('id')
    .limit(DEMO_DEVICES)
    .execute();
  if (!elders.length) return null;
  return db.transaction().execute(async (tx) => {
    const devices = await tx
      .insertInto('alarm_devices')
      .values(
        elders.map((e, i) => ({
          elder_id: e.id,
          kind: i % 2 ? 'smart_watch' : 'sos_pendant',
          serial: `DEMO-${String(e.id).padStart(8, '0')}`,
          install_address: e.address,
          installed_on: '2026-01-15',
          battery_pct: 80 - i * 10,
          firmware: '1.4.2',
          // A secret nobody holds: rotate the credentials to connect a real or simulated device.
          credential_hash: hashSecret(randomBytes(24).toString('base64url')),
        })),
      )
      .returning(['id', 'elder_id'])
      .execute();
    let incidents = 0;
    for (const [i, d] of devices.slice(0, 2).entries()) {
      const opened = new Date(Date.UTC(2026, 10, 20 + i, 1, 15, 0));
      const at = (s: number) => new Date(opened.getTime() + s * 1000);
      const { id } = await tx
        .insertInto('alarm_incidents')
        .values({
          elder_id: d.elder_id,
          device_id: d.id,
          kind: i ? 'sos' : 'fall',
          code: i ? 101 : 120,
          priority: 1,
          status: 'closed',
          opened_at: opened,
          last_event_at: opened,
          acknowledged_at: at(23),
          resolved_at: at(600),
          closed_at: at(660),
          disposition: i ? 'accidental' : 'fall',
          closure_code: i ? 'cancelled' : 'handled_by_contacts',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await tx
        .insertInto('alarm_incident_timeline')
        .values([
          {
            incident_id: id,
            at: opened,
            action: 'opened',
            actor_name: `device-${d.id}`,
            note: null,
            actor_user_id: null,
          },
          {
            incident_id: id,
            at: at(23),
            action: 'acknowledged',
            actor_name: '值班员',
            note: null,
            actor_user_id: null,
          },
          {
            incident_id: id,
            at: at(60),
            action: i ? 'call_back' : 'contact_family',
            actor_name: '值班员',
            note: null,
            actor_user_id: null,
          },
          {
            incident_id: id,
            at: at(600),
            action: 'resolved',
            actor_name: '值班员',
            note: i ? 'accidental' : 'fall',
            actor_user_id: null,
          },
          { incident_id: id, at: at(660), action: 'closed', actor_name: '值班员', note: null, actor_user_id: null },
        ])
        .execute();
      await tx
        .insertInto('alarm_events')
        .values({
          device_id: d.id,
          elder_id: d.elder_id,
          channel: 'events',
          code: i ? 101 : 120,
          kind: i ? 'sos' : 'fall',
          payload: JSON.stringify({ code: i ? 101 : 120 }),
          received_at: opened,
          incident_id: id,
        })
        .execute();
      incidents++;
    }
    return `alarms: ${devices.length} devices, ${incidents} closed incidents`;
  });
}
