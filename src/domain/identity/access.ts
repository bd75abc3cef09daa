// The per-request actor: who is calling and through which grants. What the grants reach is
// computed in scope.ts.
import type { Role } from './roles.js';

export interface Grant {
  role: Role;
  jurisdictionCode: string | null;
  organisationId: number | null;
  elderId: number | null;
}

export interface Actor {
  userId: number;
  username: string;
  displayName: string;
  grants: Grant[];
  ip: string | null;
  sessionTokenHash: string | null;
  /** The request the actor acts in (set by the auth hook), written on every audit entry. */
  requestId?: string | null;
}
