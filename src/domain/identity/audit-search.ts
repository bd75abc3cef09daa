// Searching the audit log (审计日志查询) and exporting a selection of it, within the reader's districts.
import { AppError } from '../../lib/errors.js';
import { type Column, sheetOf, workbookBuffer } from '../../lib/workbook.js';
import { recordAudit } from './audit.js';
import type { UseCaseContext } from './context.js';
import { AUDIT_READERS } from './permissions.js';
import type { AuditPage, AuditQuery, AuditRow } from './schemas.js';
import { hasRole, prefixesFor, scopeCondition } from './scope.js';

/** The most rows one export holds; a narrower filter gets the rest. */
export const AUDIT_EXPORT_MAX_ROWS = 50_000;

function selection(ctx: UseCaseContext, q: Omit<AuditQuery, 'page' | 'pageSize'>) {
  if (!hasRole(ctx.actor, AUDIT_READERS)) throw new AppError('forbidden');
  const prefixes = prefixesFor(ctx.actor, AUDIT_READERS);
  const citywide = prefixes.includes('');
  return ctx.db
    .selectFrom('audit_log')
    .$if(!citywide, (qb) => qb.where(scopeCondition('audit_log.district_code', prefixes)))
    .$if(!!q.entityType, (qb) => qb.where('audit_log.entity_type', '=', q.entityType!))
    .$if(!!q.entityId, (qb) => qb.where('audit_log.entity_id', '=', q.entityId!))
    .$if(!!q.username, (qb) => qb.where('audit_log.username', '=', q.username!))
    .$if(!!q.action, (qb) => qb.where('audit_log.action', '=', q.action!))
    .$if(!!q.districtCode, (qb) => qb.where('audit_log.district_code', '=', q.districtCode!))
    .$if(!!q.from, (qb) => qb.where('audit_log.at', '>=', new Date(q.from!)))
    .$if(!!q.to, (qb) => qb.where('audit_log.at', '<', new Date(q.to!)));
}

async function rows(
  ctx: UseCaseContext,
  q: Omit<AuditQuery, 'page' | 'pageSize'>,
  limit: number,
  offset: number,
): Promise<AuditRow[]> {
  const items = await selection(ctx, q)
    .leftJoin('jurisdictions as j', 'j.code', 'audit_log.district_code')
    .selectAll('audit_log')
    .select('j.name as district_name')
    .orderBy('audit_log.id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
  return items.map((r) => ({
    id: Number(r.id),
    at: r.at.toISOString(),
    userId: r.user_id == null ? null : Number(r.user_id),
    username: r.username,
    roles: r.roles,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    districtCode: r.district_code,
    districtName: r.district_name,
    ip: r.ip,
    purpose: r.purpose,
    detail: r.detail,
    requestId: r.request_id,
  }));
}

export async function searchAudit(ctx: UseCaseContext, q: AuditQuery): Promise<AuditPage> {
  if (!hasRole(ctx.actor, AUDIT_READERS)) throw new AppError('forbidden');
  const [items, total] = await Promise.all([
    rows(ctx, q, q.pageSize, (q.page - 1) * q.pageSize),
    selection(ctx, q)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { total: Number(total.n), page: q.page, pageSize: q.pageSize, items };
}

const AUDIT_COLUMNS: Column<AuditRow>[] = [
  { header: '时间', width: 22, value: (r) => r.at.replace('T', ' ').slice(0, 19) },
  { header: '用户名', width: 16, value: (r) => r.username },
  { header: '角色', width: 24, value: (r) => r.roles },
  { header: '操作', width: 12, value: (r) => r.action },
  { header: '对象类型', width: 14, value: (r) => r.entityType },
  { header: '对象编号', width: 12, value: (r) => r.entityId },
  { header: '区县', width: 12, value: (r) => r.districtName ?? r.districtCode },
  { header: '查询事由', width: 24, value: (r) => r.purpose },
  { header: 'IP 地址', width: 16, value: (r) => r.ip },
  { header: '请求编号', width: 20, value: (r) => r.requestId },
];

/** The selection as an .xlsx (newest first, at most AUDIT_EXPORT_MAX_ROWS rows); the export is itself logged. */
export async function exportAudit(
  ctx: UseCaseContext,
  q: Omit<AuditQuery, 'page' | 'pageSize'>,
): Promise<{ file: Buffer; count: number; truncated: boolean }> {
  const found = await rows(ctx, q, AUDIT_EXPORT_MAX_ROWS + 1, 0);
  const truncated = found.length > AUDIT_EXPORT_MAX_ROWS;
  const items = found.slice(0, AUDIT_EXPORT_MAX_ROWS);
  const file = await workbookBuffer([sheetOf('审计日志', AUDIT_COLUMNS, items)]);
  await recordAudit(ctx, {
    action: 'export',
    entityType: 'audit_log',
    // The reader's own district (or city), so its officers see who exported what.
    districtCode:
      q.districtCode ??
      ctx.actor.grants
        .find((g) => AUDIT_READERS.includes(g.role) && g.jurisdictionCode)
        ?.jurisdictionCode?.slice(0, 6) ??
      null,
    detail: { filter: q, count: items.length, truncated },
  });
  return { file, count: items.length, truncated };
}
