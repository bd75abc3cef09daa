// Registering elders from the bureau's spreadsheets. Every row is checked first with the same rules
// as the registration form (checkElder); by default nothing is written unless every row is good,
// and with `partial` the good rows are written and the rest reported. All writes go in one
// transaction, set-based, with an audit entry per elder and one for the import.
import { createHash, randomUUID } from 'node:crypto';
import { type Kysely, sql, type Transaction } from 'kysely';
import { bulkInsert } from '../../db/bulk.js';
import type { DB } from '../../db/schema.js';
import { AppError, type ErrorCode, type FieldError, type Lang, message } from '../../lib/errors.js';
import type { Actor } from '../identity/access.js';
import { auditDistrict, recordAudit } from '../identity/audit.js';
import { inTransaction, type UseCaseContext } from '../identity/context.js';
import { REGISTRY_WRITERS } from '../identity/permissions.js';
import { coversCode, hasRole, prefixesFor } from '../identity/scope.js';
import { answerDuplicates, type DuplicateCode, registeredIdNumbers } from './duplicates.js';
import { newElderCode } from './elder-code.js';
import type { StoredFlag } from './flags.js';
import { homeCell } from './home-cell.js';
import {
  columnOf,
  FLAG_FIELDS,
  fieldText,
  flagsFromList,
  type ImportField,
  idNumberCell,
  type ParsedFile,
  parseImportFile,
  phoneText,
  type SheetRow,
  TEMPLATE_EXAMPLE_ID,
  UnreadableFile,
  yesNo,
} from './import-format.js';
import { type Community, type CommunityIndex, hukouCode, loadCommunityIndex } from './place-lookup.js';
import { type CheckedElder, checkElder, PHONE_PATTERN } from './validate.js';

/** Imports at least this large refresh the planner's statistics afterwards. */
const ANALYZE_AFTER = 10_000;

export interface ImportProblem {
  /** The row as the user sees it in Excel (header = row 1, unless a title row sits above it). */
  row: number;
  /** The header text of the column, as written in the file. */
  column: string;
  code: ErrorCode;
  params: Record<string, string | number>;
}

export interface ImportOptions {
  partial: boolean;
  minElderAge: number;
  fileName?: string;
  via?: 'api' | 'cli';
  onProgress?: (stage: 'read' | 'check' | 'write', done: number, total?: number) => void;
}

export interface ImportResult {
  imported: number;
  /** Rows not written because of the problems below. */
  skipped: number;
  problems: ImportProblem[];
  /** Headers that were not recognised and so not read (性别, 年龄, 序号 …). */
  ignoredColumns: string[];
  /** What the report needs to give the refused rows back as they were. */
  headers: string[];
  headerRow: number;
  refusedRows: SheetRow[];
  /** Nothing was written because of the problems (all or nothing, or a problem with the file itself). */
  refused: boolean;
  batch: string;
}

interface Candidate {
  row: number;
  elder: CheckedElder;
  community: Community;
  flags: StoredFlag[];
  contact: { name: string; phone: string | null; relation: string } | null;
}

/** checkElder's field names → the import's columns. */
const COLUMN_OF_DRAFT_FIELD: Record<string, ImportField> = {
  name: 'name',
  idNumber: 'idNumber',
  phone: 'phone',
  address: 'address',
  hukouCode: 'hukou',
};

function checkRow(
  file: ParsedFile,
  r: SheetRow,
  index: CommunityIndex,
  actor: Actor,
  minAge: number,
  today: string,
): { candidate?: Candidate; problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  const add = (field: ImportField, p: Omit<FieldError, 'field'>) => {
    const column = columnOf(file, field);
    problems.push({ row: r.row, column, code: p.code, params: { field: column, ...p.params } });
  };
  const text = (f: ImportField) => fieldText(file, r, f);

  const communityField: ImportField = text('communityCode')
    ? 'communityCode'
    : file.columns.some((c) => c.field === 'community')
      ? 'community'
      : 'communityCode';
  const communityRaw = text(communityField);
  let community: Community | undefined;
  if (!communityRaw) add(communityField, { code: 'required' });
  else {
    const found = index.resolve(communityRaw);
    if ('problem' in found) add(communityField, found.problem);
    else if (!coversCode(actor, REGISTRY_WRITERS, found.community.code))
      add(communityField, { code: 'outside_jurisdiction', params: { code: found.community.code } });
    else community = found.community;
  }

  const idCell = idNumberCell(file, r);
  const hukouRaw = text('hukou');
  const hukou = hukouRaw ? hukouCode(hukouRaw) : null;
  if (hukouRaw && !hukou) add('hukou', { code: 'hukou_unrecognised', params: { value: hukouRaw } });
  const address = text('address');
  if (address.length > 200) add('address', { code: 'too_long', params: { limit: 200 } });

  const { elder, problems: ruleProblems } = checkElder(
    {
      name: text('name'),
      idNumber: idCell === 'numeric' ? '' : idCell,
      phone: phoneText(text('phone')) || null,
      communityCode: community?.code ?? '000000000000',
      address,
      hukouCode: hukou,
    },
    minAge,
    today,
  );
  if (idCell === 'numeric') add('idNumber', { code: 'import_id_number_numeric' });
  for (const p of ruleProblems) {
    // The community was resolved (and reported) above; a numeric ID cell is reported as such.
    if (p.field === 'communityCode' || (p.field === 'idNumber' && idCell === 'numeric')) continue;
    add(COLUMN_OF_DRAFT_FIELD[p.field] ?? 'name', p);
  }

  const flags = new Set<StoredFlag>();
  for (const f of FLAG_FIELDS) {
    const v = text(f);
    if (!v) continue;
    const yes = yesNo(v);
    if (yes === undefined) add(f, { code: 'not_allowed_value' });
    else if (yes) flags.add(f.slice(5) as StoredFlag);
  }
  if (text('flagList')) {
    const listed = flagsFromList(text('flagList'));
    if (listed.unknown.length) add('flagList', { code: 'not_allowed_value' });
    for (const f of listed.flags) flags.add(f);
  }

  let contact: Candidate['contact'] = null;
  const [cName, cPhone, cRelation] = [text('contactName'), phoneText(text('contactPhone')), text('contactRelation')];
  if (cName || cPhone || cRelation) {
    if (!cName) add('contactName', { code: 'required' });
    else if (cName.length > 50) add('contactName', { code: 'too_long', params: { limit: 50 } });
    if (cPhone && !PHONE_PATTERN.test(cPhone)) add('contactPhone', { code: 'invalid_format' });
    if (cRelation.length > 20) add('contactRelation', { code: 'too_long', params: { limit: 20 } });
    contact = { name: cName, phone: cPhone || null, relation: cRelation || '紧急联系人' };
  }

  if (problems.length || !elder || !community) return { problems };
  return { problems, candidate: { row: r.row, elder, community, flags: [...flags], contact } };
}

/** Rolls the transaction back when a row turns out to be taken by a concurrent registration. */
class TakenMeanwhile extends Error {
  constructor(readonly rows: Candidate[]) {
    super('ID numbers registered meanwhile');
  }
}

async function insertElders(
  tx: Transaction<DB>,
  rows: Candidate[],
  progress: (done: number) => void,
): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  // Imported homes are their community's point: one H3 cell per community.
  const cells = new Map<string, string | null>();
  const cellOf = (c: Candidate) => {
    let cell = cells.get(c.community.code);
    if (cell === undefined) {
      cell = homeCell(c.community.lat, c.community.lng);
      cells.set(c.community.code, cell);
    }
    return cell;
  };
  // 14 bind parameters per statement whatever the row count (PGlite breaks at 32,768).
  for (let i = 0; i < rows.length; i += 5000) {
    const chunk = rows.slice(i, i + 5000);
    const col = <T>(f: (c: Candidate) => T) => chunk.map(f);
    const result = await sql<{ id: number; id_number: string }>`
      INSERT INTO elders (elder_code, name, id_number, sex, birth_date, phone, district_code, street_code, community_code, address, hukou_code, lat, lng, home_h3_r9)
      SELECT * FROM unnest(
        ${col(() => newElderCode())}::text[], ${col((c) => c.elder.name)}::text[], ${col((c) => c.elder.idNumber)}::text[],
        ${col((c) => c.elder.sex)}::text[], ${col((c) => c.elder.birthDate)}::date[], ${col((c) => c.elder.phone ?? null)}::text[],
        ${col((c) => c.community.districtCode)}::text[], ${col((c) => c.community.streetCode)}::text[], ${col((c) => c.community.code)}::text[],
        ${col((c) => c.elder.address)}::text[], ${col((c) => c.elder.hukouCode ?? null)}::text[],
        ${col((c) => c.community.lat)}::float8[], ${col((c) => c.community.lng)}::float8[], ${col(cellOf)}::text[])
      ON CONFLICT (id_number) DO NOTHING
      RETURNING id, id_number`.execute(tx);
    for (const r of result.rows) ids.set(r.id_number, Number(r.id));
    progress(i + chunk.length);
  }
  return ids;
}

async function writeRows(
  ctx: UseCaseContext,
  rows: Candidate[],
  ids: Map<string, number>,
  batch: string,
): Promise<void> {
  const { actor, today, purpose } = ctx;
  const tx = ctx.db;
  const withId = rows.map((c) => ({ c, id: ids.get(c.elder.idNumber)! }));
  const flags = withId.flatMap(({ c, id }) =>
    c.flags.map((flag) => ({ id, district: c.community.districtCode, flag })),
  );
  await bulkInsert(
    tx,
    'elder_status_flags',
    [
      { name: 'elder_id', type: 'bigint', value: (f) => f.id },
      { name: 'district_code', type: 'text', value: (f) => f.district },
      { name: 'flag', type: 'text', value: (f) => f.flag },
      { name: 'effective_from', type: 'date', value: () => today },
      { name: 'note', type: 'text', value: () => '批量导入' },
    ],
    flags,
  );
  const contacts = withId.filter(({ c }) => c.contact);
  await bulkInsert(
    tx,
    'elder_contacts',
    [
      { name: 'elder_id', type: 'bigint', value: (x) => x.id },
      { name: 'district_code', type: 'text', value: (x) => x.c.community.districtCode },
      { name: 'name', type: 'text', value: (x) => x.c.contact!.name },
      { name: 'relation', type: 'text', value: (x) => x.c.contact!.relation },
      { name: 'phone', type: 'text', value: (x) => x.c.contact!.phone },
    ],
    contacts,
  );
  // One 'create' entry per elder, as the form writes, so an elder's history names the import and row.
  const roles = [...new Set(actor.grants.map((g) => g.role))].join(',');
  await bulkInsert(
    tx,
    'audit_log',
    [
      { name: 'user_id', type: 'bigint', value: () => actor.userId },
      { name: 'username', type: 'text', value: () => actor.username },
      { name: 'roles', type: 'text', value: () => roles },
      { name: 'action', type: 'text', value: () => 'create' },
      { name: 'entity_type', type: 'text', value: () => 'elder' },
      { name: 'entity_id', type: 'text', value: (x) => String(x.id) },
      { name: 'district_code', type: 'text', value: (x) => x.c.community.districtCode },
      { name: 'ip', type: 'text', value: () => actor.ip },
      { name: 'purpose', type: 'text', value: () => purpose },
      { name: 'detail', type: 'jsonb', value: (x) => ({ import: batch, row: x.c.row }) },
      { name: 'request_id', type: 'text', value: () => ctx.requestId || actor.requestId || null },
    ],
    withId,
  );
}

export async function importElders(ctx: UseCaseContext, buffer: Buffer, options: ImportOptions): Promise<ImportResult> {
  const { actor, today } = ctx;
  const db = ctx.db as Kysely<DB>;
  if (!hasRole(actor, REGISTRY_WRITERS)) throw new AppError('forbidden');
  const progress = options.onProgress ?? (() => undefined);
  let file: ParsedFile;
  try {
    file = await parseImportFile(buffer, options.fileName, (n) => progress('read', n));
  } catch (err) {
    if (err instanceof UnreadableFile) throw new AppError(err.code, { reason: err.message, ...err.params });
    throw err;
  }
  const batch = randomUUID();
  const base = { ignoredColumns: file.ignored, headers: file.headers, headerRow: file.headerRow, batch };
  const audit = {
    fileName: options.fileName ?? null,
    sha256: createHash('sha256').update(buffer).digest('hex'),
    rows: file.rows.length,
    partial: options.partial,
    via: options.via ?? 'api',
  };
  const refuse = async (problems: ImportProblem[], refusedRows: SheetRow[]): Promise<ImportResult> => {
    await recordAudit(ctx, {
      action: 'import',
      entityType: 'elder',
      districtCode: auditDistrict(actor),
      detail: { batch, ...audit, outcome: 'refused', imported: 0, problems: problems.length },
    });
    return { imported: 0, skipped: refusedRows.length, problems, refusedRows, refused: true, ...base };
  };
  if (file.problems.length)
    return refuse(
      file.problems.map(({ row, column, code, params }) => ({
        row,
        column,
        code,
        params: { field: column, ...params },
      })),
      file.rows,
    );
  const rows = file.rows.filter((r) => idNumberCell(file, r) !== TEMPLATE_EXAMPLE_ID);
  if (!rows.length) throw new AppError('import_no_rows');

  const index = await loadCommunityIndex(db, prefixesFor(actor, REGISTRY_WRITERS));
  await index.noteCodes(
    db,
    rows
      .map((r) => fieldText(file, r, 'communityCode') || fieldText(file, r, 'community'))
      .filter((t) => /^\d{12}$/.test(t)),
  );

  const problems: ImportProblem[] = [];
  const candidates: Candidate[] = [];
  const firstRowOf = new Map<string, number>();
  rows.forEach((r, i) => {
    const checked = checkRow(file, r, index, actor, options.minElderAge, today);
    problems.push(...checked.problems);
    const c = checked.candidate;
    if (c) {
      const first = firstRowOf.get(c.elder.idNumber);
      if (first)
        problems.push({
          row: r.row,
          column: columnOf(file, 'idNumber'),
          code: 'import_duplicate_in_file',
          params: { row: first },
        });
      else {
        firstRowOf.set(c.elder.idNumber, r.row);
        candidates.push(c);
      }
    }
    if ((i + 1) % 10_000 === 0) progress('check', i + 1, rows.length);
  });
  const registered = await registeredIdNumbers(db, [...firstRowOf.keys()]);
  const duplicates = { via: 'import' as const, purpose: ctx.purpose, rowOf: firstRowOf };
  // Past the per-user limit of registered-elsewhere answers this refuses the file with 429.
  const answers = await answerDuplicates(db, actor, [...registered], duplicates);
  const idColumn = columnOf(file, 'idNumber');
  const taken = (c: Candidate, code: DuplicateCode): ImportProblem => ({
    row: c.row,
    column: idColumn,
    code,
    params: { field: idColumn },
  });
  let good = candidates.filter((c) => {
    const answer = answers.get(c.elder.idNumber);
    if (!answer) return true;
    problems.push(taken(c, answer));
    return false;
  });
  progress('check', rows.length, rows.length);

  const order = new Map(file.columns.map((c) => [c.header, c.index]));
  const sorted = () =>
    problems.sort((a, b) => a.row - b.row || (order.get(a.column) ?? 999) - (order.get(b.column) ?? 999));
  const refusedOf = () => {
    const bad = new Set(problems.map((p) => p.row));
    return rows.filter((r) => bad.has(r.row));
  };
  if (problems.length && !options.partial) return refuse(sorted(), refusedOf());

  // Rows a concurrent import or registration took between the check above and the insert: in
  // all-or-nothing mode they roll the whole file back; in partial mode they join the refused rows.
  let lost: Candidate[] = [];
  try {
    await db.transaction().execute(async (tx) => {
      const inserted = await insertElders(tx, good, (done) => progress('write', done, good.length));
      lost = good.filter((c) => !inserted.has(c.elder.idNumber));
      if (lost.length && !options.partial) throw new TakenMeanwhile(lost);
      good = good.filter((c) => inserted.has(c.elder.idNumber));
      const t = inTransaction(ctx, tx);
      await writeRows(t, good, inserted, batch);
      const districts = [...new Set(good.map((c) => c.community.districtCode))];
      const skipped = new Set([...problems.map((p) => p.row), ...lost.map((c) => c.row)]).size;
      await recordAudit(t, {
        action: 'import',
        entityType: 'elder',
        districtCode: districts.length === 1 ? districts[0] : auditDistrict(actor),
        detail: {
          batch,
          ...audit,
          outcome: problems.length || lost.length ? 'partial' : 'complete',
          imported: good.length,
          skipped,
          problems: problems.length + lost.length,
          districts,
        },
      });
    });
  } catch (err) {
    if (!(err instanceof TakenMeanwhile)) throw err;
    const late = await answerDuplicates(
      db,
      actor,
      err.rows.map((c) => c.elder.idNumber),
      duplicates,
    );
    problems.push(...err.rows.map((c) => taken(c, late.get(c.elder.idNumber)!)));
    return refuse(sorted(), refusedOf());
  }
  if (lost.length) {
    // Already written: the answers can no longer be withheld, only counted and audited.
    const late = await answerDuplicates(
      db,
      actor,
      lost.map((c) => c.elder.idNumber),
      { ...duplicates, enforce: false },
    );
    problems.push(...lost.map((c) => taken(c, late.get(c.elder.idNumber)!)));
  }
  // Fresh statistics after a large load, or the planner keeps costing the registry as it was
  // (the export's keyset batches went from 2.6 s to 17 s over 100k new rows without them).
  if (good.length >= ANALYZE_AFTER)
    for (const table of ['elders', 'elder_status_flags', 'elder_contacts'])
      await sql`ANALYZE ${sql.table(table)}`.execute(db);
  const refusedRows = refusedOf();
  return {
    imported: good.length,
    skipped: refusedRows.length,
    problems: sorted(),
    refusedRows,
    refused: false,
    ...base,
  };
}

export interface LocalisedProblem {
  row: number;
  column: string;
  reason: string;
  code: string;
}

/** Problems in the reader's language, with the catalogue's messages. */
export function localiseProblems(problems: ImportProblem[], lang: Lang): LocalisedProblem[] {
  return problems.map((p) => ({ row: p.row, column: p.column, reason: message(p.code, lang, p.params), code: p.code }));
}
