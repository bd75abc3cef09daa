// Request and response schemas of /jurisdictions (TypeBox), shared with the web app (import type).
import { type Static, type TSchema, Type } from 'typebox';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
export const LEVELS = ['province', 'city', 'district', 'street', 'community'] as const;
const Code = Type.String({ pattern: '^[0-9]{6,12}$' });

export const JurisdictionQuery = Type.Object({
  parent: Type.Optional(Code),
  level: Type.Optional(Type.Union(LEVELS.map((l) => Type.Literal(l)))),
  q: Type.Optional(Type.String({ maxLength: 40 })),
  limit: Type.Integer({ minimum: 1, maximum: 5000, default: 500 }),
});
export type JurisdictionQuery = Static<typeof JurisdictionQuery>;

export const CodeParams = Type.Object({ code: Code });

export const JurisdictionView = Type.Object({
  code: Type.String(),
  name: Type.String(),
  level: Type.String(),
  parentCode: Nullable(Type.String()),
  districtCode: Nullable(Type.String()),
  lat: Nullable(Type.Number()),
  lng: Nullable(Type.Number()),
});
export type JurisdictionView = Static<typeof JurisdictionView>;
export const JurisdictionList = Type.Array(JurisdictionView, { maxItems: 5000 });
