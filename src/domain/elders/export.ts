// Exporting the caller's visible elders to .xlsx. Rows stream out in keyset-paginated batches
// through exceljs's streaming writer, so a district of 100k+ elders never sits in memory.
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { maskCitizenId } from '../../lib/citizen-id.js';
import { ageOn } from '../../lib/dates.js';
import { AppError } from '../../lib/errors.js';
import type { Actor } from '../identity/access.js';
import { auditDistrict, recordAudit } from '../identity/audit.js';
import type { Db, UseCaseContext } from '../identity/context.js';
import { REGISTRY_READERS, SEES_FULL_ID_NUMBER } from '../identity/permissions.js';
import { coversCode, hasRole } from '../identity/scope.js';
import { ADVANCED_AGE, FLAG_LABELS, STORED_FLAGS, type StoredFlag } from './flags.js';
import { type ElderFilters, filteredElders } from './service.js';

const STATUS_LABELS: Record<string, string> = { active: '在册', deceased: '已故', moved_away: '迁出' };

/** The export's columns: Chinese headers, flags as 是/否 — the import reads the same headers back. */
const COLUMNS: { header: string; key: string; width: number }[] = [
  { header: '老人码', key: 'elderCode', width: 16 },
  { header: '姓名', key: 'name', width: 10 },
  { header: '身份证号', key: 'idNumber', width: 21 },
  { header: '性别', key: 'sex', width: 6 },
  { header: '出生日期', key: 'birthDate', width: 12 },
  { header: '年龄', key: 'age', width: 6 },
  { header: '联系电话', key: 'phone', width: 14 },
  { header: '区县', key: 'district', width: 10 },
  { header: '街道', key: 'street', width: 14 },
  { header: '所属社区', key: 'community', width: 18 },
  { header: '社区代码', key: 'communityCode', width: 15 },
  { header: '详细地址', key: 'address', width: 30 },
  { header: '户籍地', key: 'hukou', width: 10 },
  { header: '档案状态', key: 'status', width: 9 },
  ...STORED_FLAGS.map((f) => ({ header: FLAG_LABELS[f].zh, key: f, width: f === 'family_planning_special' ? 16 : 9 })),
  { header: FLAG_LABELS.advanced_age.zh, key: 'advanced_age', width: 6 },
  { header: '紧急联系人', key: 'contactName', width: 10 },
  { header: '联系人电话', key: 'contactPhone', width: 14 },
  { header: '与老人关系', key: 'contactRelation', width: 10 },
];

export interface ExportOptions {
  batchSize?: number;
  via?: 'api' | 'cli';
  onProgress?: (done: number, total: number) => void;
}

export interface ElderExport {
  /** Elders the filters select, counted (and audited) before any row leaves. */
  count: number;
  /** Writes the workbook to `out` and ends it; resolves with the rows written. */
  write(out: Writable): Promise<number>;
}

/** Checks access, counts and audits the export; the returned `write` streams the workbook. */
export async function prepareElderExport(
  ctx: UseCaseContext,
  filters: ElderFilters,
  options: ExportOptions = {},
): Promise<ElderExport> {
  const { db, actor, today } = ctx;
  if (!hasRole(actor, REGISTRY_READERS)) throw new AppError('forbidden');
  const counted = await filteredElders(db, actor, filters, today)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const count = Number(counted.n);
  await recordAudit(ctx, {
    action: 'export',
    entityType: 'elder',
    districtCode: auditDistrict(actor, filters.jurisdiction),
    detail: { filters, count, format: 'xlsx', via: options.via ?? 'api' },
  });
  return { count, write: (out) => writeWorkbook(db, actor, filters, out, count, today, options) };
}

async function writeWorkbook(
  db: Db,
  actor: Actor,
  filters: ElderFilters,
  out: Writable,
  total: number,
  today: string,
  options: ExportOptions,
): Promise<number> {
  const batchSize = options.batchSize ?? 2000;
  // No cell styles and light compression: measured on 100k rows × 29 columns, about half the CPU
  // time of the defaults for a somewhat larger file.
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: false,
    useSharedStrings: false,
    zip: { zlib: { level: 1 } },
  });
  wb.creator = 'Yiyang 颐养';
  const sheet = wb.addWorksheet('老人信息', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = COLUMNS;
  sheet.getRow(1).commit();
  let last = 0;
  let written = 0;
  for (;;) {
    const rows = await filteredElders(db, actor, filters, today)
      .leftJoin('jurisdictions as c', 'c.code', 'elders.community_code')
      .leftJoin('jurisdictions as s', 's.code', 'elders.street_code')
      .leftJoin('jurisdictions as d', 'd.code', 'elders.district_code')
      .selectAll('elders')
      .select(['c.name as community_name', 's.name as street_name', 'd.name as district_name'])
      .where('elders.id', '>', last)
      .orderBy('elders.id')
      .limit(batchSize)
      .execute();
    if (!rows.length) break;
    const ids = rows.map((r) => r.id);
    const [flags, contacts] = await Promise.all([
      db
        .selectFrom('elder_status_flags')
        .select(['elder_id', 'flag'])
        .where('elder_id', 'in', ids)
        .where('effective_from', '<=', today)
        .where((eb) => eb.or([eb('effective_to', 'is', null), eb('effective_to', '>=', today)]))
        .execute(),
      db
        .selectFrom('elder_contacts')
        .distinctOn('elder_id')
        .select(['elder_id', 'name', 'phone', 'relation'])
        .where('elder_id', 'in', ids)
        .orderBy('elder_id')
        .orderBy('is_guardian', 'desc')
        .orderBy('id')
        .execute(),
    ]);
    const flagsOf = new Map<number, Set<string>>();
    for (const f of flags) flagsOf.set(Number(f.elder_id), (flagsOf.get(Number(f.elder_id)) ?? new Set()).add(f.flag));
    const contactOf = new Map(contacts.map((c) => [Number(c.elder_id), c]));
    for (const r of rows) {
      const held = flagsOf.get(r.id) ?? new Set<string>();
      const contact = contactOf.get(r.id);
      const age = ageOn(r.birth_date, today);
      // Same rule as the record view: full numbers only for roles that verify identity, in their area.
      const fullId = coversCode(actor, SEES_FULL_ID_NUMBER, r.community_code);
      sheet
        .addRow({
          elderCode: r.elder_code,
          name: r.name,
          idNumber: fullId ? r.id_number : maskCitizenId(r.id_number),
          sex: r.sex === 'M' ? '男' : '女',
          // With a masked number the birth date would give most of it back: age only.
          birthDate: fullId ? r.birth_date : '',
          age,
          phone: r.phone ?? '',
          district: r.district_name ?? r.district_code,
          street: r.street_name ?? r.street_code,
          community: r.community_name ?? '',
          communityCode: r.community_code,
          address: r.address,
          hukou: r.hukou_code ?? '',
          status: STATUS_LABELS[r.status] ?? r.status,
          ...Object.fromEntries(STORED_FLAGS.map((f: StoredFlag) => [f, held.has(f) ? '是' : '否'])),
          advanced_age: age >= ADVANCED_AGE ? '是' : '否',
          contactName: contact?.name ?? '',
          contactPhone: contact?.phone ?? '',
          contactRelation: contact?.relation ?? '',
        })
        .commit();
    }
    written += rows.length;
    last = rows[rows.length - 1]!.id;
    options.onProgress?.(written, total);
    // Let a slow reader catch up before the next batch is fetched.
    if (out.writableNeedDrain) await once(out, 'drain');
  }
  sheet.commit();
  await wb.commit();
  return written;
}

/** A download name like 老人信息-330102-20250301.xlsx, as a Content-Disposition header. */
export function exportDisposition(filters: ElderFilters, today: string): string {
  const name = `老人信息-${filters.jurisdiction ? `${filters.jurisdiction}-` : ''}${today.replaceAll('-', '')}.xlsx`;
  return `attachment; filename="elders-${today.replaceAll('-', '')}.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
