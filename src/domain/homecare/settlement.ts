// The provider's settlement report: per month, the visits verified in it (Asia/Shanghai), by item —
// units, the subsidy actually moved through the ledger (the transfer under the visit's key), what
// is still due for want of balance or account, and the co-payments owed by the elders. One grouped
// query; as JSON or as an .xlsx.
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { AppError } from '../../lib/errors.js';
import { recordAudit } from '../identity/audit.js';
import type { UseCaseContext } from '../identity/context.js';
import { providerOrg } from './providers.js';
import type { SettlementQuery, SettlementReport } from './schemas.js';
import { managesProvider } from './scope.js';

/** The first instant of a month in Shanghai, and of the next. */
function monthBounds(month: string): [Date, Date] {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return [new Date(`${month}-01T00:00:00+08:00`), new Date(`${next}-01T00:00:00+08:00`)];
}

/** GET /homecare/providers/:id/settlement?month= */
export async function settlementReport(
  ctx: UseCaseContext,
  providerId: number,
  q: SettlementQuery,
  audit = true,
): Promise<SettlementReport> {
  const org = await providerOrg(ctx.db, providerId);
  if (!managesProvider(ctx, { id: org.id, jurisdiction_code: org.jurisdiction_code })) throw new AppError('not_found');
  if (q.month > ctx.today.slice(0, 7)) throw new AppError('homecare_month_open', { month: q.month }, 'month');
  const [from, to] = monthBounds(q.month);
  const rows = await ctx.db
    .selectFrom('homecare_visits as v')
    .innerJoin('homecare_orders as o', 'o.id', 'v.order_id')
    .innerJoin('homecare_catalogue_items as i', 'i.id', 'v.item_id')
    .leftJoin('ledger_transfers as t', 't.idempotency_key', 'v.payment_key')
    .leftJoin('homecare_copayments as cp', 'cp.visit_id', 'v.id')
    .select([
      'v.service_code',
      sql<string>`min(i.name_zh)`.as('name_zh'),
      sql<string>`min(i.name_en)`.as('name_en'),
      sql<'visit' | 'hour' | 'meal'>`min(i.unit)`.as('unit'),
      sql<number>`count(*)::int`.as('visits'),
      sql<number>`round(sum(CASE WHEN i.unit = 'hour' THEN v.scheduled_minutes / 60.0 ELSE 1 END), 2)::float8`.as(
        'units',
      ),
      sql<number>`coalesce(sum(o.price_fen), 0)::bigint`.as('price'),
      sql<number>`coalesce(sum(t.amount), 0)::bigint`.as('paid'),
      sql<number>`coalesce(sum(CASE WHEN v.payment_status = 'due' THEN v.subsidy_fen ELSE 0 END), 0)::bigint`.as('due'),
      sql<number>`coalesce(sum(coalesce(cp.amount_fen, o.copay_fen)), 0)::bigint`.as('copay'),
    ])
    .where('v.organisation_id', '=', org.id)
    .where('v.status', '=', 'verified')
    .where('v.verified_at', '>=', from)
    .where('v.verified_at', '<', to)
    .groupBy('v.service_code')
    .orderBy('v.service_code')
    .execute();
  const items = rows.map((r) => ({
    itemCode: r.service_code,
    itemName: ctx.lang === 'en' ? r.name_en : r.name_zh,
    unit: r.unit,
    units: Number(r.units),
    visits: Number(r.visits),
    priceFen: Number(r.price),
    subsidyPaidFen: Number(r.paid),
    subsidyDueFen: Number(r.due),
    copayFen: Number(r.copay),
  }));
  const sum = (k: 'visits' | 'priceFen' | 'subsidyPaidFen' | 'subsidyDueFen' | 'copayFen') =>
    items.reduce((n, i) => n + i[k], 0);
  if (audit)
    await recordAudit(ctx, {
      action: 'read',
      entityType: 'homecare_settlement',
      entityId: org.id,
      districtCode: org.district_code,
      detail: { month: q.month },
    });
  return {
    providerId: org.id,
    providerName: org.name,
    month: q.month,
    items,
    totals: {
      visits: sum('visits'),
      priceFen: sum('priceFen'),
      subsidyPaidFen: sum('subsidyPaidFen'),
      subsidyDueFen: sum('subsidyDueFen'),
      copayFen: sum('copayFen'),
    },
  };
}

/** GET /homecare/providers/:id/settlement.xlsx?month=: the same report as a workbook (amounts in 元, as numbers). */
export async function exportSettlement(
  ctx: UseCaseContext,
  providerId: number,
  q: SettlementQuery,
): Promise<{ file: Buffer; report: SettlementReport }> {
  const report = await settlementReport(ctx, providerId, q, false);
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(`结算 ${q.month}`);
  sheet.columns = [
    { header: '服务项目', key: 'itemName', width: 14 },
    { header: '项目代码', key: 'itemCode', width: 10 },
    { header: '已核验服务次数', key: 'visits', width: 14 },
    { header: '服务量', key: 'units', width: 10 },
    { header: '服务金额', key: 'price', width: 14 },
    { header: '已付补贴（重阳分）', key: 'paid', width: 18 },
    { header: '待付补贴（余额不足）', key: 'due', width: 20 },
    { header: '个人自付', key: 'copay', width: 14 },
  ];
  const money = (fen: number) => fen / 100;
  for (const key of ['price', 'paid', 'due', 'copay']) sheet.getColumn(key).numFmt = '#,##0.00';
  for (const i of report.items)
    sheet.addRow({
      itemName: i.itemName,
      itemCode: i.itemCode,
      visits: i.visits,
      units: i.units,
      price: money(i.priceFen),
      paid: money(i.subsidyPaidFen),
      due: money(i.subsidyDueFen),
      copay: money(i.copayFen),
    });
  const t = report.totals;
  sheet.addRow({
    itemName: '合计',
    visits: t.visits,
    price: money(t.priceFen),
    paid: money(t.subsidyPaidFen),
    due: money(t.subsidyDueFen),
    copay: money(t.copayFen),
  }).font = { bold: true };
  sheet.getRow(1).font = { bold: true };
  const file = Buffer.from(await book.xlsx.writeBuffer());
  await recordAudit(ctx, {
    action: 'export',
    entityType: 'homecare_settlement',
    entityId: report.providerId,
    districtCode: (await providerOrg(ctx.db, providerId)).district_code,
    detail: { month: q.month, visits: t.visits },
  });
  return { file, report };
}
