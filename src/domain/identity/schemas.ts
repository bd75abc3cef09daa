// Response schemas of the identity domain, shared with the web app (import type).
import { type Static, type TSchema, Type } from 'typebox';
import { ROLES, type Role } from './roles.js';

const RoleName = Type.Unsafe<Role>(Type.String({ enum: [...ROLES] }));
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const AccountGrant = Type.Object({
  role: RoleName,
  jurisdictionCode: Nullable(Type.String()),
  organisationId: Nullable(Type.Integer()),
  elderId: Nullable(Type.Integer()),
  /** The name of the grant's place: the jurisdiction, the organisation's or the elder's community. */
  placeName: Nullable(Type.String()),
  organisationName: Nullable(Type.String()),
});
export const Account = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  disabled: Type.Boolean(),
  isDemo: Type.Boolean(),
  locked: Type.Boolean(),
  grants: Type.Array(AccountGrant),
});
export type Account = Static<typeof Account>;
export const CreatedUser = Type.Object({ id: Type.Integer() });
export type CreatedUser = Static<typeof CreatedUser>;

export const AuditQuery = Type.Object({
  entityType: Type.Optional(Type.String({ maxLength: 64 })),
  entityId: Type.Optional(Type.String({ maxLength: 64 })),
  username: Type.Optional(Type.String({ maxLength: 64 })),
  action: Type.Optional(Type.String({ maxLength: 64 })),
  districtCode: Type.Optional(Type.String({ pattern: '^[0-9]{6}$' })),
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
  page: Type.Integer({ minimum: 1, maximum: 10_000, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
});
export type AuditQuery = Static<typeof AuditQuery>;

export const AuditRow = Type.Object({
  id: Type.Integer(),
  at: Type.String(),
  userId: Nullable(Type.Integer()),
  username: Nullable(Type.String()),
  roles: Nullable(Type.String()),
  action: Type.String(),
  entityType: Type.String(),
  entityId: Nullable(Type.String()),
  districtCode: Nullable(Type.String()),
  districtName: Nullable(Type.String()),
  ip: Nullable(Type.String()),
  purpose: Nullable(Type.String()),
  detail: Type.Unknown(),
  requestId: Nullable(Type.String()),
});
export type AuditRow = Static<typeof AuditRow>;
export const AuditPage = Type.Object({
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  items: Type.Array(AuditRow),
});
export type AuditPage = Static<typeof AuditPage>;
