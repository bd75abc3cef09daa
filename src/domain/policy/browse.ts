// Browsing what the platform knows: packs, rules with their versions and what changed between
// them, one recorded version, and the seed documents with every place that cites them; and a
// trial evaluation of a case. Policy is public: any signed-in caller may read and evaluate it.
import type { Static } from 'typebox';
import { isIsoDate } from '../../lib/dates.js';
import { AppError } from '../../lib/errors.js';
import type { UseCaseContext } from '../identity/context.js';
import { evaluatePolicy, ruleOrFail, sourceView } from './evaluate.js';
import { expectedOf } from './facts.js';
import { canonicalJson } from './packs.js';
import { jurisdictionChain } from './resolve.js';
import { RULES } from './rules/index.js';
import type {
  EvaluateBody,
  EvaluationView,
  PackDetail,
  PackSummary,
  RecordedVersion,
  RuleHistory,
  RuleInfo,
  SourceDocument,
  SourceView,
} from './schemas.js';
import { knownVersions, recordingsOf, type VersionRow, versionById } from './store.js';

const view = (row: VersionRow): SourceView => sourceView(row, []);

/** "As known at" a moment the caller names; without one, as known now. */
export interface KnownAt {
  knownAt?: string;
}
const knownAtOf = (q: KnownAt) => (q.knownAt ? new Date(q.knownAt) : null);

export async function listPacks(ctx: UseCaseContext, query: KnownAt): Promise<PackSummary[]> {
  const rows = await knownVersions(ctx.db, knownAtOf(query));
  const packs = new Map<string, PackSummary>();
  for (const r of rows) {
    const pack = packs.get(r.jurisdiction_code) ?? {
      jurisdictionCode: r.jurisdiction_code,
      name: r.content.packName,
      packFile: r.pack_file,
      rules: [],
    };
    packs.set(r.jurisdiction_code, pack);
    const rule = pack.rules.find((x) => x.rule === r.rule) ?? {
      rule: r.rule,
      title: r.content.ruleTitle,
      versions: [],
    };
    if (!pack.rules.includes(rule)) pack.rules.push(rule);
    rule.versions.push(r.version);
  }
  return [...packs.values()];
}

export async function getPack(ctx: UseCaseContext, code: string, query: KnownAt): Promise<PackDetail> {
  const rows = await knownVersions(ctx.db, knownAtOf(query), { jurisdictionCodes: [code] });
  if (!rows.length) throw new AppError('not_found');
  return {
    jurisdictionCode: code,
    name: rows[0]!.content.packName,
    packFile: rows[0]!.pack_file,
    versions: rows.map(view),
  };
}

export function listRules(): RuleInfo[] {
  return [...RULES.values()].map((def) => {
    const props = def.facts.properties as Record<string, import('typebox').TSchema>;
    const required = new Set((def.facts.required as string[] | undefined) ?? []);
    return {
      rule: def.id,
      title: def.title,
      payee: def.payee,
      cadence: def.cadence,
      facts: Object.entries(props).map(([name, schema]) => ({
        name,
        required: required.has(name),
        expected: expectedOf(schema),
      })),
      parameters: Object.entries(def.parameters).map(([name, spec]) => ({ name, unit: spec.unit })),
    };
  });
}

interface Change {
  parameter: string;
  from: unknown;
  to: unknown;
}

/** Parameters whose value differs from the previous version of the same pack. */
function changesFrom(prev: VersionRow | undefined, row: VersionRow): Change[] {
  if (!prev) return [];
  const names = new Set([...Object.keys(prev.content.parameters), ...Object.keys(row.content.parameters)]);
  return [...names]
    .filter((n) => canonicalJson(prev.content.parameters[n]?.value) !== canonicalJson(row.content.parameters[n]?.value))
    .map((n) => ({
      parameter: n,
      from: prev.content.parameters[n]?.value ?? null,
      to: row.content.parameters[n]?.value ?? null,
    }));
}

export async function ruleHistory(
  ctx: UseCaseContext,
  rule: string,
  query: KnownAt & { jurisdictionCode?: string },
): Promise<RuleHistory> {
  const def = ruleOrFail(rule);
  const { jurisdictionCode } = query;
  const rows = await knownVersions(ctx.db, knownAtOf(query), {
    rule,
    jurisdictionCodes: jurisdictionCode ? jurisdictionChain(jurisdictionCode) : undefined,
  });
  const versions = await Promise.all(
    rows.map(async (row, i) => {
      const prev = i > 0 && rows[i - 1]!.jurisdiction_code === row.jurisdiction_code ? rows[i - 1] : undefined;
      const recordings = await recordingsOf(ctx.db, row.jurisdiction_code, row.rule, row.version);
      return {
        ...view(row),
        changes: changesFrom(prev, row),
        recordings: recordings.map((r) => ({
          versionId: r.id,
          recordedAt: new Date(r.recorded_at).toISOString(),
          contentHash: r.content_hash,
          retracted: r.retracted,
        })),
      };
    }),
  );
  return { rule: def.id, title: def.title, versions };
}

export async function getVersion(ctx: UseCaseContext, id: number): Promise<RecordedVersion> {
  const row = await versionById(ctx.db, id);
  if (!row) throw new AppError('not_found');
  return { ...view(row), retracted: row.retracted, contentHash: row.content_hash };
}

export async function listSources(ctx: UseCaseContext, query: KnownAt): Promise<SourceDocument[]> {
  const docs = new Map<string, SourceDocument>();
  const cite = (row: VersionRow, parameter: string | null, src: VersionRow['content']['document']) => {
    if (src.kind !== 'seed') return;
    const doc = docs.get(src.file) ?? {
      seed: src.seed,
      file: src.file,
      title: src.title,
      issuer: src.issuer,
      status: src.status,
      references: [],
    };
    docs.set(src.file, doc);
    doc.references.push({
      jurisdictionCode: row.jurisdiction_code,
      rule: row.rule,
      version: row.version,
      parameter,
      section: src.section,
    });
  };
  for (const row of await knownVersions(ctx.db, knownAtOf(query))) {
    cite(row, null, row.content.document);
    for (const [name, p] of Object.entries(row.content.parameters)) cite(row, name, p.source);
  }
  return [...docs.values()].sort((a, b) => a.file.localeCompare(b.file));
}

/**
 * What applies to a case, here, on this date, with its source; the explanation in the caller's
 * language. Without a moment named, the rules as known now (the context's clock).
 */
export async function evaluateCase(ctx: UseCaseContext, body: Static<typeof EvaluateBody>): Promise<EvaluationView> {
  const { onDate, knownAt, ...rest } = body;
  if (!isIsoDate(onDate)) throw new AppError('invalid_date', { field: 'onDate' }, 'onDate');
  const result = await evaluatePolicy(ctx.db, { ...rest, onDate, knownAt: knownAt ? new Date(knownAt) : null });
  return {
    ...result,
    knownAt: knownAt ? result.knownAt : ctx.now.toISOString(),
    explanation: result.explanation.map((l) => (ctx.lang === 'en' ? l.en : l.zh)),
  };
}
