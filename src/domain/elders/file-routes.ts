// /elders import and export: spreadsheet upload, template, error reports and the .xlsx export.

import { randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Kysely } from 'kysely';
import { type Static, Type } from 'typebox';
import type { DB } from '../../db/schema.js';
import { AppError, message } from '../../lib/errors.js';
import { actorOf, contextOf, langOf } from '../../server/context.js';
import { auditDistrict, recordAudit } from '../identity/audit.js';
import { REGISTRY_WRITERS } from '../identity/permissions.js';
import { prefixesFor } from '../identity/scope.js';
import { exportDisposition, prepareElderExport } from './export.js';
import { importElders, localiseProblems } from './import.js';
import { buildReportCsv, buildReportXlsx, buildTemplate, type ImportReport, XLSX_TYPE } from './import-workbooks.js';
import { loadCommunityIndex } from './place-lookup.js';
import { ElderSearchQuery, fileAnswer } from './schemas.js';

const MAX_FILE_MB = 50;
/** Inline problem lists stop here; the downloadable report carries all of them. */
const MAX_INLINE_ERRORS = 10_000;

/**
 * Error reports of recent imports, for the user who imported and for an hour, in the database so
 * that any server process can hand them out. They hold personal data: fetching one is audited,
 * and expired ones are deleted whenever a new one is kept.
 */
const REPORT_TTL_MS = 3_600_000;

async function keepReport(db: Kysely<DB>, userId: number, report: ImportReport): Promise<string> {
  const id = randomBytes(12).toString('base64url');
  await db.deleteFrom('import_reports').where('expires_at', '<', new Date()).execute();
  await db
    .insertInto('import_reports')
    .values({ id, user_id: userId, expires_at: new Date(Date.now() + REPORT_TTL_MS), report: JSON.stringify(report) })
    .execute();
  return id;
}

async function keptReport(db: Kysely<DB>, userId: number, id: string): Promise<ImportReport | undefined> {
  const row = await db
    .selectFrom('import_reports')
    .select('report')
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('expires_at', '>', new Date())
    .executeTakeFirst();
  if (!row) return undefined;
  return (typeof row.report === 'string' ? JSON.parse(row.report) : row.report) as ImportReport;
}

const ImportQuery = Type.Object({
  partial: Type.Boolean({
    default: false,
    description: 'write the valid rows and report the rest (default: all or nothing)',
  }),
  purpose: Type.Optional(Type.String({ maxLength: 200 })),
});
const ImportProblemView = Type.Object({
  row: Type.Integer(),
  column: Type.String(),
  reason: Type.String(),
  code: Type.String(),
});
const ImportOutcome = Type.Object({
  imported: Type.Integer(),
  skipped: Type.Integer(),
  errors: Type.Array(ImportProblemView),
  errorCount: Type.Integer(),
  ignoredColumns: Type.Array(Type.String()),
  reportId: Type.Optional(Type.String()),
});
const ImportRefused = Type.Object({
  statusCode: Type.Integer(),
  code: Type.Literal('import_invalid'),
  message: Type.String(),
  errors: Type.Array(ImportProblemView),
  errorCount: Type.Integer(),
  ignoredColumns: Type.Array(Type.String()),
  reportId: Type.String(),
});
// Suffix searches find a person, they do not select a population to export (and a tail search
// is rate-limited on GET /elders, which an export would step around).
const ExportQuery = Type.Omit(ElderSearchQuery, ['page', 'pageSize', 'phone', 'idTail']);

export const elderFileRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { db } = app.ctx.database;
  const { minElderAge } = app.ctx.config;
  const tags = ['elders'];

  app.post(
    '/elders/import',
    {
      schema: {
        tags,
        summary: 'Import elders from .xlsx or .csv (multipart field "file"); all or nothing unless partial=true',
        consumes: ['multipart/form-data'],
        querystring: ImportQuery,
        response: { 200: ImportOutcome, 422: ImportRefused },
      },
    },
    async (req, reply) => {
      const ctx = contextOf(req);
      const { actor, lang } = ctx;
      const part = await req.file({ limits: { fileSize: MAX_FILE_MB * 1024 * 1024 } }).catch(() => undefined);
      if (!part) throw new AppError('required', { field: 'file' }, 'file');
      const buffer = await part.toBuffer().catch((err: { code?: string }) => {
        if (err.code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('import_file_too_large', { limit: MAX_FILE_MB });
        throw err;
      });
      // The purpose comes from the X-Purpose header or the purpose query field (contextOf).
      const result = await importElders(ctx, buffer, {
        partial: req.query.partial,
        minElderAge,
        fileName: part.filename,
      });
      const errors = localiseProblems(result.problems.slice(0, MAX_INLINE_ERRORS), lang);
      const reportId = result.problems.length ? await keepReport(db, actor.userId, result) : undefined;
      const common = { errors, errorCount: result.problems.length, ignoredColumns: result.ignoredColumns };
      if (result.refused) {
        return reply.status(422).send({
          statusCode: 422,
          code: 'import_invalid' as const,
          message: message('import_invalid', lang, { count: result.problems.length }),
          ...common,
          reportId: reportId!,
        });
      }
      return { imported: result.imported, skipped: result.skipped, ...common, ...(reportId ? { reportId } : {}) };
    },
  );

  app.get(
    '/elders/import-template.xlsx',
    {
      schema: {
        tags,
        summary: 'The import template: headers, an example row, column notes and your communities',
        response: { 200: fileAnswer(XLSX_TYPE, 'The template workbook') },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const prefixes = prefixesFor(actor, REGISTRY_WRITERS);
      if (!prefixes.length) throw new AppError('forbidden');
      const index = await loadCommunityIndex(db, prefixes);
      const buffer = await buildTemplate(index.all());
      return reply
        .type(XLSX_TYPE)
        .header(
          'content-disposition',
          `attachment; filename="elder-import-template.xlsx"; filename*=UTF-8''${encodeURIComponent('老人信息导入模板.xlsx')}`,
        )
        .send(buffer);
    },
  );

  for (const format of ['xlsx', 'csv'] as const) {
    app.get(
      `/elders/import-reports/:id.${format}`,
      {
        schema: {
          tags,
          summary: `The error report of a recent import (${format}; kept for an hour, only for its importer)`,
          params: Type.Object({ id: Type.String({ maxLength: 40 }) }),
          response: {
            200: fileAnswer(
              format === 'xlsx' ? XLSX_TYPE : 'text/csv',
              `The refused rows and their problems (${format})`,
            ),
          },
        },
      },
      async (req, reply) => {
        const actor = actorOf(req);
        const report = await keptReport(db, actor.userId, req.params.id);
        if (!report) throw new AppError('not_found');
        // The refused rows are people's records as they were uploaded: reading them is audited.
        await recordAudit(db, actor, {
          action: 'read',
          entityType: 'elder_import_report',
          entityId: req.params.id,
          districtCode: auditDistrict(actor),
          detail: { format, problems: report.problems.length, rows: report.refusedRows.length },
        });
        const lang = langOf(req);
        const body = format === 'xlsx' ? await buildReportXlsx(report, lang) : buildReportCsv(report, lang);
        const name = lang === 'en' ? `import-errors.${format}` : `导入错误报告.${format}`;
        return reply
          .type(format === 'xlsx' ? XLSX_TYPE : 'text/csv; charset=utf-8')
          .header(
            'content-disposition',
            `attachment; filename="import-errors.${format}"; filename*=UTF-8''${encodeURIComponent(name)}`,
          )
          .send(body);
      },
    );
  }

  app.get(
    '/elders/export.xlsx',
    {
      schema: {
        tags,
        summary:
          'Export the elders you may see, with the filters of GET /elders (ID numbers masked unless your role sees them)',
        querystring: ExportQuery,
        response: { 200: fileAnswer(XLSX_TYPE, 'The workbook, streamed; X-Total-Count gives its rows') },
      },
    },
    async (req, reply) => {
      // The purpose comes from the X-Purpose header or the purpose query field (contextOf).
      // Query fields outside the schema reach the handler as sent: drop the suffix searches by name.
      const {
        flag,
        purpose: _purpose,
        phone: _phone,
        idTail: _idTail,
        ...filters
      } = req.query as Static<typeof ElderSearchQuery>;
      const selection = { ...filters, flags: flag };
      const ctx = contextOf(req);
      const job = await prepareElderExport(ctx, selection);
      const stream = new PassThrough();
      job.write(stream).catch((err: Error) => {
        req.log.error({ err }, 'elder export failed');
        stream.destroy(err);
      });
      return reply
        .type(XLSX_TYPE)
        .header('content-disposition', exportDisposition(selection, ctx.today))
        .header('x-total-count', String(job.count))
        .send(stream);
    },
  );
};
