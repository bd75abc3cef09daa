// The community domain's part of the demo city: run by `yiyang serve` on a fresh database after the
// elders, organisations, beds, accounts and assessments exist. Safe to re-run (does nothing twice).
// Family care beds at every stage for assessed elders (about the seeds' 966 scaled to the demo,
// at least a few dozen), a meal point for every demo 助餐 organisation with a week of menus, and
// this month's visit tasks, about two thirds of them done.
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { monthOf, todayInShanghai } from '../../lib/dates.js';
import { currentAssessmentLevels } from '../assessment/current-level.js';
import { insertMonthTasks } from './visits.js';

/** 家庭养老照护床位 in the seeds (966 for 2.35 M elders), scaled to the demo city. */
const SEED_BEDS = 966;
const SEED_ELDERS = 2_350_000;

async function seedBeds(db: Kysely<DB>, today: string): Promise<number> {
  if (await db.selectFrom('home_care_beds').select('id').limit(1).executeTakeFirst()) return 0;
  const elders = await db
    .selectFrom('elders')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const target = Math.max(40, Math.round((SEED_BEDS * Number(elders.n)) / SEED_ELDERS));
  const inserted = await sql<{ id: number }>`
    WITH eligible AS (
      SELECT cl.elder_id, cl.assessment_id, cl.level, e.district_code, e.community_code,
             row_number() OVER (ORDER BY cl.elder_id) AS n
      FROM (${currentAssessmentLevels(db)}) cl JOIN elders e ON e.id = cl.elder_id
      WHERE cl.level >= 2 AND e.status = 'active'
      LIMIT ${target}
    ), staged AS (
      SELECT g.*, CASE WHEN g.n % 10 IN (0, 1) THEN 'applied' WHEN g.n % 10 = 2 THEN 'assessed'
                       WHEN g.n % 10 IN (3, 4) THEN 'accepted' WHEN g.n % 10 = 9 THEN 'closed' ELSE 'contracted' END AS status,
             (SELECT o.id FROM organisations o WHERE o.district_code = g.district_code
                AND o.kind IN ('service_provider', 'institution') ORDER BY o.id LIMIT 1) AS org
      FROM eligible g
    )
    INSERT INTO home_care_beds (elder_id, district_code, community_code, status, retrofit_done, eligibility_level,
                                eligibility_assessment_id, applied_on, building_organisation_id, provider_organisation_id,
                                service_plan, close_reason, closed_on)
    SELECT s.elder_id, s.district_code, s.community_code, s.status, s.n % 3 = 0, s.level, s.assessment_id,
           ${today}::date - (30 + (s.n % 90))::int,
           CASE WHEN s.status IN ('accepted', 'contracted', 'closed') THEN s.org END,
           CASE WHEN s.status IN ('contracted', 'closed') THEN s.org END,
           CASE WHEN s.status IN ('contracted', 'closed') THEN '{"visitsPerWeek": 3, "items": ["助浴", "助洁", "康复护理"]}'::jsonb END,
           CASE WHEN s.status = 'closed' THEN (ARRAY['death', 'admitted', 'moved_away', 'withdrawn'])[1 + s.n % 4] END,
           CASE WHEN s.status = 'closed' THEN ${today}::date - (2 + (s.n % 90))::int END
    FROM staged s
    WHERE s.org IS NOT NULL OR s.status IN ('applied', 'assessed')
    RETURNING id`.execute(db);
  await sql`
    INSERT INTO home_care_bed_events (bed_id, district_code, action, from_status, to_status, on_date, details)
    SELECT b.id, b.district_code, s.action, s.from_status, s.to_status,
           CASE WHEN s.k = 4 THEN b.closed_on ELSE least(b.applied_on + s.k * 7, coalesce(b.closed_on, b.applied_on + s.k * 7)) END,
           '{"demo": true}'::jsonb
    FROM home_care_beds b
    JOIN (VALUES (0, 'apply', NULL, 'applied'), (1, 'assess', 'applied', 'assessed'), (2, 'accept', 'assessed', 'accepted'),
                 (3, 'contract', 'accepted', 'contracted'), (4, 'close', 'contracted', 'closed')) AS s(k, action, from_status, to_status)
      ON s.k <= CASE b.status WHEN 'applied' THEN 0 WHEN 'assessed' THEN 1 WHEN 'accepted' THEN 2 WHEN 'contracted' THEN 3 ELSE 4 END
    ORDER BY b.id, s.k`.execute(db);
  return inserted.rows.length;
}

const DISHES = [
  ['红烧肉', '炒青菜', '番茄蛋汤', '米饭'],
  ['清蒸鲈鱼', '西兰花', '冬瓜汤', '米饭'],
  ['东坡豆腐', '油焖茄子', '紫菜汤', '杂粮饭'],
  ['白切鸡', '炒菠菜', '萝卜汤', '米饭'],
  ['肉末蒸蛋', '炒豆芽', '丝瓜汤', '软米饭'],
];

async function seedMeals(db: Kysely<DB>, today: string): Promise<{ points: number; menus: number }> {
  const points = await sql<{ id: number }>`
    INSERT INTO meal_points (name, kind, organisation_id, community_code, district_code, address, lat, lng, hours, capacity, delivers, seed_key)
    SELECT o.name, CASE WHEN o.name LIKE '%食堂' THEN 'canteen' ELSE 'community_point' END, o.id, o.jurisdiction_code,
           o.district_code, coalesce(o.address, o.name), o.lat, o.lng,
           '{"lunch": "11:00-12:30", "dinner": "17:00-18:00"}'::jsonb, 40 + (o.id % 80)::int, o.id % 2 = 0, 'org:' || o.id
    FROM organisations o
    WHERE o.kind = 'meal_point' AND length(o.jurisdiction_code) = 12
    ON CONFLICT (seed_key) DO NOTHING
    RETURNING id`.execute(db);
  const menus = await sql<{ id: number }>`
    INSERT INTO meal_menus (meal_point_id, served_on, meal, dishes, price_fen)
    SELECT p.id, ${today}::date + d.k, m.meal,
           (${JSON.stringify(DISHES)}::jsonb) -> ((p.id + d.k + m.o) % ${DISHES.length})::int,
           1200 + ((p.id + d.k) % 7) * 100
    FROM meal_points p
    CROSS JOIN generate_series(0, 6) AS d(k)
    CROSS JOIN (VALUES ('lunch', 0), ('dinner', 1)) AS m(meal, o)
    WHERE p.seed_key IS NOT NULL
    ON CONFLICT (meal_point_id, served_on, meal) DO NOTHING
    RETURNING id`.execute(db);
  return { points: points.rows.length, menus: menus.rows.length };
}

async function seedVisits(db: Kysely<DB>, today: string): Promise<{ created: number; done: number }> {
  const month = monthOf(today);
  const { created } = await insertMonthTasks(db, month, '3301');
  if (!created) return { created, done: 0 };
  const done = await sql<{ id: number }>`
    UPDATE visit_tasks SET status = 'done', method = (ARRAY['home', 'phone', 'video'])[1 + (id % 3)::int],
           visited_on = least(due_on, ${today}::date), findings = '[]'::jsonb, done_at = now()
    WHERE month = ${month} AND status = 'open' AND id % 3 <> 0
    RETURNING id`.execute(db);
  return { created, done: done.rows.length };
}

/** What it made, as one log line, or null when there was nothing to do. */
export async function seedCommunityDemo(db: Kysely<DB>): Promise<string | null> {
  const today = todayInShanghai();
  const beds = await seedBeds(db, today);
  const meals = await seedMeals(db, today);
  const visits = await seedVisits(db, today);
  if (!beds && !meals.points && !meals.menus && !visits.created) return null;
  return `community: ${beds} family care beds, ${meals.points} meal points with ${meals.menus} menus, ${visits.created} visit tasks this month (${visits.done} done)`;
}
