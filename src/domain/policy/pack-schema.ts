// What a policy pack file looks like, checked with TypeBox when it is loaded. Every parameter
// carries its unit and its source: a seed document and section (with the words quoted), or an
// explicit "operator-set" flag with a note saying why the documents leave the value open.
import { type Static, Type } from 'typebox';
import { UNITS } from './rules/types.js';

const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

export const SeedRef = Type.Object(
  {
    seed: Type.String({ minLength: 1, description: 'key in the pack sources' }),
    section: Type.String({ minLength: 1 }),
    quote: Type.String({ minLength: 1 }),
  },
  { additionalProperties: false },
);

export const OperatorSet = Type.Object(
  { operatorSet: Type.Literal(true), note: Type.String({ minLength: 1 }) },
  { additionalProperties: false },
);

export const SourceRef = Type.Union([SeedRef, OperatorSet]);

export const ParameterEntry = Type.Object(
  { value: Type.Unknown(), unit: Type.Enum(UNITS), source: SourceRef },
  { additionalProperties: false },
);

export const VersionEntry = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    effectiveFrom: IsoDate,
    effectiveTo: Type.Optional(IsoDate),
    /** Where the effective dates come from (often operator-set: drafts are undated). */
    dateSource: SourceRef,
    /** The document and section the rule version as a whole comes from. */
    source: SeedRef,
    note: Type.Optional(Type.String()),
    parameters: Type.Record(Type.String(), ParameterEntry),
  },
  { additionalProperties: false },
);

export const DocumentEntry = Type.Object(
  {
    file: Type.String({ minLength: 1 }),
    title: Type.String({ minLength: 1 }),
    issuer: Type.String({ minLength: 1 }),
    status: Type.Enum(['draft', 'adopted', 'reply']),
    date: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

export const PackFile = Type.Object(
  {
    jurisdictionCode: Type.String({ pattern: '^\\d{6}$' }),
    name: Type.String({ minLength: 1 }),
    note: Type.Optional(Type.String()),
    sources: Type.Record(Type.String(), DocumentEntry),
    rules: Type.Record(
      Type.String(),
      Type.Object({ versions: Type.Array(VersionEntry, { minItems: 1 }) }, { additionalProperties: false }),
    ),
  },
  { additionalProperties: false },
);

export type PackFileValue = Static<typeof PackFile>;
export type SourceRefValue = Static<typeof SourceRef>;
export type DocumentValue = Static<typeof DocumentEntry>;

/** A source with its document resolved, as stored with each version and shown by the API. */
export type ResolvedSource =
  | ({ kind: 'seed'; seed: string; section: string; quote: string } & DocumentValue)
  | { kind: 'operatorSet'; note: string };

export interface StoredParameter {
  value: unknown;
  unit: string;
  source: ResolvedSource;
}

/** The content of one rule version as recorded in `policy_versions.content`. */
export interface VersionContent {
  packName: string;
  ruleTitle: { zh: string; en: string };
  document: ResolvedSource;
  dateSource: ResolvedSource;
  note: string | null;
  parameters: Record<string, StoredParameter>;
}

/** One rule version read from a pack file, ready to record. */
export interface VersionRecord {
  jurisdictionCode: string;
  rule: string;
  version: number;
  effectiveFrom: string;
  effectiveTo: string | null;
  packFile: string;
  content: VersionContent;
  contentHash: string;
}
