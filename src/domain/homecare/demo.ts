// The homecare domain's part of the demo city: run by `yiyang serve` on a fresh database after the
// elders, organisations, beds, accounts and assessments exist. Safe to re-run (does nothing twice).
// Two providers of 上城区 with priced items; the demo `provider` account's three caregivers (the
// demo `caregiver` login is the first); a month of verified visits paid through the ledger, a few
// open exceptions, today's round for the caregiver and orders waiting for the provider's answer.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { makeCitizenId } from '../../lib/citizen-id.js';
import { addDays, todayInShanghai } from '../../lib/dates.js';
import { makeContext } from '../identity/context.js';
import { actorForUser } from '../identity/sessions.js';
import { registerWorker } from '../workforce/workers.js';
import { elderStanding, itemInEffect, policyInEffect, quoteOf, subsidyForElder } from './catalogue.js';
import { payVerifiedVisit } from './payment.js';

const DISTRICT = '330102';
const PRICES: Record<string, number>[] = [
  { CLEAN: 4500, BATH: 8000, MEAL: 1800, ESCORT: 9000, CARE: 5000, RESPITE: 20000 },
  { CLEAN: 4000, BATH: 7500, CARE: 4800, REHAB: 9000, ROUNDS: 6000 },
];
const ROUND = ['BATH', 'CLEAN', 'CARE'] as const;

/** Shanghai wall-clock time on a date, as an instant. */
const at = (date: string, hh: number, mm = 0) =>
  new Date(`${date}T${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}:00+08:00`);

/** What it made, as one log line, or null when there was nothing to do. */
export async function seedHomecareDemo(db: Kysely<DB>): Promise<string | null> {
  const orgs = await db
    .selectFrom('organisations')
    .select(['id', 'seed_key'])
    .where('seed_key', 'in', ['provider-330102-1', 'provider-330102-2'])
    .orderBy('seed_key')
    .execute();
  const staff = await db.selectFrom('users').select('id').where('username', '=', 'provider').executeTakeFirst();
  if (!orgs.length || !staff || orgs[0]!.seed_key !== 'provider-330102-1') return null;
  const done = await db
    .selectFrom('homecare_providers')
    .select('organisation_id')
    .where('organisation_id', '=', orgs[0]!.id)
    .executeTakeFirst();
  if (done) return null;

  const streets = await db
    .selectFrom('jurisdictions')
    .select('code')
    .where('level', '=', 'street')
    .where('code', 'like', `${DISTRICT}%`)
    .execute();
  for (const [i, org] of orgs.entries()) {
    await db
      .insertInto('homecare_providers')
      .values({
        organisation_id: org.id,
        district_code: DISTRICT,
        licence_no: `JJYL-${DISTRICT}-${i + 1}`,
        qualifications: ['居家养老服务机构备案', '食品经营许可证'],
        phone: `0571-8700${i + 1}000`,
        opening_hours: '07:30-19:00',
      })
      .onConflict((oc) => oc.doNothing())
      .execute();
    await db
      .insertInto('homecare_provider_streets')
      .values(streets.map((s) => ({ organisation_id: org.id, street_code: s.code })))
      .onConflict((oc) => oc.doNothing())
      .execute();
    await db
      .insertInto('homecare_provider_items')
      .values(
        Object.entries(PRICES[i]!).map(([item_code, price_fen]) => ({ organisation_id: org.id, item_code, price_fen })),
      )
      .onConflict((oc) => oc.doNothing())
      .execute();
  }

  // Caregivers of the first provider, registered through the workforce register as its staff would.
  const providerId = orgs[0]!.id;
  const actor = await actorForUser(db, staff.id, null);
  if (!actor) return null;
  const workers: number[] = [];
  for (const [n, name] of ['王秀兰', '李建国', '张美华'].entries()) {
    const idNumber = makeCitizenId(DISTRICT, `197${n + 2}-0${n + 3}-1${n}`, 600 + n * 2 + (n === 1 ? 1 : 0));
    const existing = await db.selectFrom('workers').select('id').where('id_number', '=', idNumber).executeTakeFirst();
    workers.push(
      existing?.id ??
        (await registerWorker(makeContext({ db, actor, requestId: 'demo-homecare' }), {
          name,
          idNumber,
          education: 'secondary_vocational',
          employment: { organisationId: providerId, jobRole: 'caregiver', frontline: true, hiredOn: '2024-03-01' },
        })),
    );
  }
  const caregiverUser = await db
    .selectFrom('users')
    .select('id')
    .where('username', '=', 'caregiver')
    .executeTakeFirst();
  if (caregiverUser)
    await db
      .insertInto('homecare_worker_accounts')
      .values({ user_id: caregiverUser.id, worker_id: workers[0]!, organisation_id: providerId, created_by: staff.id })
      .onConflict((oc) => oc.doNothing())
      .execute();

  const elders = await db
    .selectFrom('elders')
    .select(['id', 'district_code', 'street_code', 'community_code'])
    .where('district_code', '=', DISTRICT)
    .where('status', '=', 'active')
    .orderBy('id')
    .limit(12)
    .execute();
  if (!elders.length) return `homecare: ${orgs.length} providers, ${workers.length} caregivers, no elders to serve`;

  const today = todayInShanghai();
  const now = new Date();
  const policy = await policyInEffect(db, elders[0]!.community_code, today);
  const prices = PRICES[0]!;
  let orders = 0;
  let verified = 0;
  let exceptions = 0;
  const standing = new Map<number, Awaited<ReturnType<typeof elderStanding>>>();

  async function place(
    elder: (typeof elders)[number],
    code: string,
    start: Date,
    status: 'requested' | 'assigned' | 'completed',
    workerId: number | null,
  ) {
    const item = await itemInEffect(db, elder.community_code, today, code);
    if (!standing.has(elder.id)) standing.set(elder.id, await elderStanding(db, elder.id, today));
    const quote = quoteOf(
      item.unit,
      item.standard_minutes,
      prices[code]!,
      await subsidyForElder(db, item.id, standing.get(elder.id)!),
    );
    const order = await db
      .insertInto('homecare_orders')
      .values({
        elder_id: elder.id,
        district_code: elder.district_code,
        street_code: elder.street_code,
        community_code: elder.community_code,
        organisation_id: providerId,
        item_id: item.id,
        item_code: code,
        policy_id: policy.id,
        scheduled_start: start,
        duration_minutes: item.standard_minutes,
        price_fen: quote.priceFen,
        subsidy_fen: quote.subsidyFen,
        copay_fen: quote.copayFen,
        assessment_level: standing.get(elder.id)!.assessmentLevel,
        status,
        accept_due_at: new Date(start.getTime() - 20 * 3_600_000 + policy.accept_sla_hours * 3_600_000),
        accepted_at: status === 'requested' ? null : new Date(start.getTime() - 20 * 3_600_000),
        worker_id: workerId,
        assigned_at: workerId ? new Date(start.getTime() - 19 * 3_600_000) : null,
        placed_by: staff!.id,
        placed_role: 'elder_family',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    orders++;
    return { id: order.id, item };
  }

  const home = new Map<number, { lat: number; lng: number } | null>();
  for (const e of elders) {
    const row = await db
      .selectFrom('elders as e')
      .leftJoin('jurisdictions as c', 'c.code', 'e.community_code')
      .select((eb) => [eb.fn.coalesce('e.lat', 'c.lat').as('lat'), eb.fn.coalesce('e.lng', 'c.lng').as('lng')])
      .where('e.id', '=', e.id)
      .executeTakeFirstOrThrow();
    home.set(e.id, row.lat != null && row.lng != null ? { lat: row.lat, lng: row.lng } : null);
  }

  // A month of rounds: two visits a day, verified (the last three with an open exception).
  for (let d = 30; d >= 1; d--) {
    const date = addDays(today, -d);
    for (let k = 0; k < 2; k++) {
      const elder = elders[(d * 2 + k) % elders.length]!;
      const code = ROUND[(d + k) % ROUND.length]!;
      const worker = workers[(d + k) % workers.length]!;
      const start = at(date, k ? 14 : 9);
      const { id, item } = await place(elder, code, start, 'completed', worker);
      const h = home.get(elder.id);
      const off = d <= 2 && k === 1 ? 0.012 : 0.0002; // about 1.3 km away for the last few: outside the geofence
      const flagged = off > 0.001 || !h;
      const checkIn = new Date(start.getTime() + 5 * 60_000);
      const checkOut = new Date(checkIn.getTime() + item.standard_minutes * 60_000);
      const visit = await db
        .insertInto('homecare_visits')
        .values({
          order_id: id,
          organisation_id: providerId,
          elder_id: elder.id,
          district_code: elder.district_code,
          community_code: elder.community_code,
          worker_id: worker,
          item_id: item.id,
          service_code: code,
          scheduled_start: start,
          scheduled_minutes: item.standard_minutes,
          status: 'exception',
          home_lat: h?.lat ?? null,
          home_lng: h?.lng ?? null,
          check_in_at: checkIn,
          check_in_received_at: checkIn,
          check_in_lat: h ? h.lat + off : 30.25,
          check_in_lng: h ? h.lng : 120.17,
          check_in_accuracy_m: 12,
          check_in_distance_m: h ? Math.round(off * 111_000) : null,
          check_out_at: checkOut,
          check_out_received_at: checkOut,
          check_out_lat: h ? h.lat : 30.25,
          check_out_lng: h ? h.lng : 120.17,
          check_out_accuracy_m: 10,
          check_out_distance_m: h ? 0 : null,
          confirmed_by: 'elder_code',
          checklist: JSON.stringify(item.checklist),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (flagged) {
        await db
          .insertInto('homecare_visit_exceptions')
          .values({
            visit_id: visit.id,
            code: h ? 'outside_geofence' : 'home_location_unknown',
            detail: JSON.stringify({ moment: 'check_in', radiusM: policy.geofence_radius_m }),
            raised_at: checkIn,
          })
          .execute();
        exceptions++;
        continue;
      }
      await db.transaction().execute(async (tx) => {
        await tx
          .updateTable('homecare_visits')
          .set({ status: 'verified', verified_at: checkOut })
          .where('id', '=', visit.id)
          .execute();
        await payVerifiedVisit(makeContext({ db: tx, actor, requestId: 'demo-homecare', now }), visit.id);
      });
      verified++;
    }
  }

  // Today's round for the demo caregiver, and two orders waiting for the provider (one overdue).
  for (const [i, hh] of [10, 14, 16].entries()) {
    const elder = elders[i % elders.length]!;
    const { id, item } = await place(elder, ROUND[i]!, at(today, hh), 'assigned', workers[0]!);
    const h = home.get(elder.id);
    await db
      .insertInto('homecare_visits')
      .values({
        order_id: id,
        organisation_id: providerId,
        elder_id: elder.id,
        district_code: elder.district_code,
        community_code: elder.community_code,
        worker_id: workers[0]!,
        item_id: item.id,
        service_code: item.code,
        scheduled_start: at(today, hh),
        scheduled_minutes: item.standard_minutes,
        home_lat: h?.lat ?? null,
        home_lng: h?.lng ?? null,
      })
      .execute();
  }
  for (const [i, days] of [1, 2].entries()) {
    const elder = elders[(i + 5) % elders.length]!;
    const { id } = await place(elder, 'BATH', at(addDays(today, days), 9), 'requested', null);
    if (i === 0)
      await db
        .updateTable('homecare_orders')
        .set({ accept_due_at: new Date(now.getTime() - 3_600_000) })
        .where('id', '=', id)
        .execute();
  }
  return `homecare: ${orgs.length} providers, ${workers.length} caregivers, ${orders} orders, ${verified} verified visits, ${exceptions} open exceptions`;
}
