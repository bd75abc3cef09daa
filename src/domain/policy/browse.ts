// Browsing what the platform knows: packs, rules with their versions and what changed between
// them, one recorded version, and the seed documents with every place that cites them.
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../lib/errors.js';
import { ruleOrFail, type SourceView, sourceView } from './evaluate.js';
import { expectedOf } from './facts.js';
import { canonicalJson } from './packs.js';
import { jurisdictionChain } from './resolve.js';
import { RULES } from './rules/index.js';
import { knownVersions, recordingsOf, type VersionRow, versionById } from './store.js';

const view = (row: VersionRow): SourceView => sourceView(row, []);

export async function listPacks(db: Kysely<DB>, knownAt: Date | null) {
  const rows = await knownVersions(db, knownAt);
  const packs = new Map<
    string,
    {
      jurisdictionCode: string;
      name: string;
      packFile: string;
      rules: { rule: string; title: { zh: string; en: string }; versions: number[] }[];
    }
  >();
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

export async function getPack(db: Kysely<DB>, code: string, knownAt: Date | null) {
  const rows = await knownVersions(db, knownAt, { jurisdictionCodes: [code] });
  if (!rows.length) throw new AppError('not_found');
  return {
    jurisdictionCode: code,
    name: rows[0]!.content.packName,
    packFile: rows[0]!.pack_file,
    versions: rows.map(view),
  };
}

export function listRules() {
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
  db: Kysely<DB>,
  rule: string,
  jurisdictionCode: string | undefined,
  knownAt: Date | null,
) {
  const def = ruleOrFail(rule);
  const rows = await knownVersions(db, knownAt, {
    rule,
    jurisdictionCodes: jurisdictionCode ? jurisdictionChain(jurisdictionCode) : undefined,
  });
  const versions = await Promise.all(
    rows.map(async (row, i) => {
      const prev = i > 0 && rows[i - 1]!.jurisdiction_code === row.jurisdiction_code ? rows[i - 1] : undefined;
      const recordings = await recordingsOf(db, row.jurisdiction_code, row.rule, row.version);
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

export async function getVersion(db: Kysely<DB>, id: number) {
  const row = await versionById(db, id);
  if (!row) throw new AppError('not_found');
  return { ...view(row), retracted: row.retracted, contentHash: row.content_hash };
}

export async function listSources(db: Kysely<DB>, knownAt: Date | null) {
  const docs = new Map<
    string,
    {
      seed: string;
      file: string;
      title: string;
      issuer: string;
      status: string;
      references: {
        jurisdictionCode: string;
        rule: string;
        version: number;
        parameter: string | null;
        section: string;
      }[];
    }
  >();
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
  for (const row of await knownVersions(db, knownAt)) {
    cite(row, null, row.content.document);
    for (const [name, p] of Object.entries(row.content.parameters)) cite(row, name, p.source);
  }
  return [...docs.values()].sort((a, b) => a.file.localeCompare(b.file));
}
