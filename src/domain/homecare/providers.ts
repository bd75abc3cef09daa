// Providers (服务商): organisations of a provider kind with a profile, the streets they serve, their
// market items with prices in fen, and the logins of their caregivers.
import { sql } from 'kysely';
import { AppError } from '../../lib/errors.js';
import { inTransaction, type UseCaseContext } from '../identity/context.js';
import { HOMECARE_CAREGIVERS, HOMECARE_OFFICERS } from '../identity/permissions.js';
import { itemsInEffect } from './catalogue.js';
import type {
  ProviderBody,
  ProviderItemList,
  ProviderItemsBody,
  ProviderList,
  ProviderQuery,
  ProviderView,
  WorkerAccountBody,
  WorkerAccountView,
} from './schemas.js';
import { managesProvider } from './scope.js';

/** organisations.kind values that may be registered as home-care providers (all employ workers in workforce). */
export const PROVIDER_KINDS = [
  'service_provider',
  'street_care_centre',
  'community_care_centre',
  'community_care_hub',
] as const;

type Db = UseCaseContext['db'];

/** A provider's organisation and profile columns, the one shape every provider read starts from. */
const providerRows = (db: Db) =>
  db
    .selectFrom('homecare_providers as p')
    .innerJoin('organisations as o', 'o.id', 'p.organisation_id')
    .select([
      'o.id',
      'o.name',
      'o.kind',
      'o.district_code',
      'o.jurisdiction_code',
      'o.address',
      'p.licence_no',
      'p.qualifications',
      'p.phone',
      'p.opening_hours',
      'p.active',
    ]);

export async function providerOrg(db: Db, id: number) {
  const org = await providerRows(db).where('o.id', '=', id).executeTakeFirst();
  if (!org) throw new AppError('not_found');
  return org;
}

async function views(db: Db, orgIds: number[]): Promise<ProviderList> {
  if (!orgIds.length) return [];
  const rows = await providerRows(db)
    .select((eb) =>
      eb
        .selectFrom('homecare_provider_streets as s')
        .select(sql<string[]>`coalesce(array_agg(s.street_code ORDER BY s.street_code), '{}')`.as('streets'))
        .whereRef('s.organisation_id', '=', 'o.id')
        .as('streets'),
    )
    .select((eb) => [
      eb
        .selectFrom('homecare_visit_ratings as r')
        .select(sql<number | null>`round(avg(r.stars), 1)::float8`.as('a'))
        .whereRef('r.organisation_id', '=', 'o.id')
        .as('rating_average'),
      eb
        .selectFrom('homecare_visit_ratings as r')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('r.organisation_id', '=', 'o.id')
        .as('rating_count'),
      eb
        .selectFrom('homecare_complaints as c')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('c.organisation_id', '=', 'o.id')
        .as('complaint_count'),
    ])
    .where('o.id', 'in', orgIds)
    .orderBy('o.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    kind: r.kind,
    districtCode: r.district_code,
    jurisdictionCode: r.jurisdiction_code,
    address: r.address,
    licenceNo: r.licence_no,
    qualifications: r.qualifications,
    phone: r.phone,
    openingHours: r.opening_hours,
    active: r.active,
    streets: r.streets ?? [],
    ratingAverage: r.rating_average == null ? null : Number(r.rating_average),
    ratingCount: Number(r.rating_count ?? 0),
    complaintCount: Number(r.complaint_count ?? 0),
  }));
}

/** POST /homecare/providers: an officer registers an organisation of their place as a provider. */
export async function registerProvider(ctx: UseCaseContext, body: ProviderBody): Promise<ProviderView> {
  const org = await ctx.db
    .selectFrom('organisations')
    .select(['id', 'kind', 'jurisdiction_code', 'district_code'])
    .where('id', '=', body.organisationId)
    .executeTakeFirst();
  const officers = ctx.reach.places(HOMECARE_OFFICERS);
  if (!org || !officers.covers(org.jurisdiction_code)) throw new AppError('not_found');
  if (!(PROVIDER_KINDS as readonly string[]).includes(org.kind))
    throw new AppError('homecare_not_provider_kind', { organisation: org.id, kind: org.kind }, 'organisationId');
  const streets = [...new Set(body.streets)];
  const known = await ctx.db
    .selectFrom('jurisdictions')
    .select('code')
    .where('code', 'in', streets)
    .where('level', '=', 'street')
    .execute();
  for (const code of streets)
    if (!known.some((k) => k.code === code) || !officers.covers(code))
      throw new AppError('homecare_not_a_street', { code }, 'streets');
  await ctx.db.transaction().execute(async (tx) => {
    const t = inTransaction(ctx, tx);
    const inserted = await t.db
      .insertInto('homecare_providers')
      .values({
        organisation_id: org.id,
        district_code: org.district_code,
        licence_no: body.licenceNo ?? null,
        qualifications: body.qualifications ?? [],
        phone: body.phone ?? null,
        opening_hours: body.openingHours ?? null,
        created_by: ctx.actor.userId,
      })
      .onConflict((oc) => oc.doNothing())
      .returning('organisation_id')
      .executeTakeFirst();
    if (!inserted) throw new AppError('homecare_provider_exists');
    await t.db
      .insertInto('homecare_provider_streets')
      .values(streets.map((s) => ({ organisation_id: org.id, street_code: s })))
      .execute();
  });
  return (await views(ctx.db, [org.id]))[0]!;
}

/** GET /homecare/providers: active providers, by street served and item offered. */
export async function listProviders(ctx: UseCaseContext, q: ProviderQuery): Promise<ProviderList> {
  let query = ctx.db.selectFrom('homecare_providers as p').select('p.organisation_id').where('p.active', '=', true);
  if (q.street)
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('homecare_provider_streets as s')
          .select('s.street_code')
          .whereRef('s.organisation_id', '=', 'p.organisation_id')
          .where('s.street_code', '=', q.street!),
      ),
    );
  if (q.itemCode)
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('homecare_provider_items as i')
          .select('i.id')
          .whereRef('i.organisation_id', '=', 'p.organisation_id')
          .where('i.item_code', '=', q.itemCode!)
          .where('i.active', '=', true),
      ),
    );
  const ids = await query.orderBy('p.organisation_id').limit(200).execute();
  return views(
    ctx.db,
    ids.map((r) => r.organisation_id),
  );
}

export async function getProvider(ctx: UseCaseContext, id: number): Promise<ProviderView> {
  await providerOrg(ctx.db, id);
  return (await views(ctx.db, [id]))[0]!;
}

/** GET /homecare/providers/:id/items: the provider's market items, named from its place's catalogue. */
export async function providerItems(ctx: UseCaseContext, id: number): Promise<ProviderItemList> {
  const org = await providerOrg(ctx.db, id);
  const catalogue = await itemsInEffect(ctx.db, org.jurisdiction_code, ctx.today);
  const rows = await ctx.db
    .selectFrom('homecare_provider_items')
    .selectAll()
    .where('organisation_id', '=', id)
    .orderBy('item_code')
    .execute();
  const out: ProviderItemList = [];
  for (const r of rows) {
    const item = catalogue.find((c) => c.code === r.item_code);
    if (!item) continue; // an item the list no longer carries is not offered
    out.push({
      itemCode: r.item_code,
      name: ctx.lang === 'en' ? item.name_en : item.name_zh,
      unit: item.unit,
      standardMinutes: item.standard_minutes,
      priceFen: r.price_fen,
      active: r.active,
    });
  }
  return out;
}

/** PUT /homecare/providers/:id/items: set prices (fen per unit) of catalogue items. */
export async function setProviderItems(ctx: UseCaseContext, id: number, body: ProviderItemsBody) {
  const org = await providerOrg(ctx.db, id);
  if (!managesProvider(ctx, org)) throw new AppError('not_found');
  const catalogue = await itemsInEffect(ctx.db, org.jurisdiction_code, ctx.today);
  body.items.forEach((it, i) => {
    if (!catalogue.some((c) => c.code === it.itemCode))
      throw new AppError('homecare_unknown_item', { code: it.itemCode }, `items.${i}.itemCode`);
  });
  await ctx.db
    .insertInto('homecare_provider_items')
    .values(
      body.items.map((it) => ({
        organisation_id: id,
        item_code: it.itemCode,
        price_fen: it.priceFen,
        active: it.active ?? true,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['organisation_id', 'item_code']).doUpdateSet((eb) => ({
        price_fen: eb.ref('excluded.price_fen'),
        active: eb.ref('excluded.active'),
        updated_at: sql`now()`,
      })),
    )
    .execute();
  return providerItems(ctx, id);
}

/**
 * POST /homecare/providers/:id/worker-accounts: links a worker employed by the provider to the
 * login (holding a caregiver grant of this provider) they use on the phone view.
 */
export async function linkWorkerAccount(
  ctx: UseCaseContext,
  id: number,
  body: WorkerAccountBody,
): Promise<WorkerAccountView> {
  const org = await providerOrg(ctx.db, id);
  if (!managesProvider(ctx, org)) throw new AppError('not_found');
  await requireEmployed(ctx.db, id, body.workerId);
  const user = await ctx.db
    .selectFrom('users as u')
    .innerJoin('role_grants as g', 'g.user_id', 'u.id')
    .select('u.id')
    .where('u.username', '=', body.username)
    .where('g.role', 'in', [...HOMECARE_CAREGIVERS])
    .where('g.organisation_id', '=', id)
    .executeTakeFirst();
  if (!user) throw new AppError('homecare_not_a_caregiver', { username: body.username }, 'username');
  await ctx.db
    .insertInto('homecare_worker_accounts')
    .values({ user_id: user.id, worker_id: body.workerId, organisation_id: id, created_by: ctx.actor.userId })
    .onConflict((oc) =>
      oc.column('user_id').doUpdateSet({ worker_id: body.workerId, organisation_id: id, created_by: ctx.actor.userId }),
    )
    .execute();
  return { workerId: body.workerId, userId: user.id, organisationId: id };
}

/** The worker holds an open employment at the provider, or the field is wrong (400). */
export async function requireEmployed(db: Db, organisationId: number, workerId: number, field = 'workerId') {
  const row = await db
    .selectFrom('employments')
    .select('id')
    .where('worker_id', '=', workerId)
    .where('organisation_id', '=', organisationId)
    .where('left_on', 'is', null)
    .executeTakeFirst();
  if (!row) throw new AppError('homecare_worker_not_employed', { worker: workerId }, field);
}
