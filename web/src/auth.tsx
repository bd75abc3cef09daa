// The signed-in user. The session itself is the HTTP-only cookie the login call sets; the app only
// remembers who that is (GET /auth/me) and forgets it on logout or on any 401.
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { Role } from '../../src/domain/identity/roles.ts';
import { ApiError, api, onUnauthenticated } from './api.ts';

export interface Grant {
  role: Role;
  roleName: string;
  jurisdictionCode: string | null;
  organisationId: number | null;
  elderId: number | null;
}

export interface User {
  id: number;
  username: string;
  displayName: string;
  grants: Grant[];
}

type State = { status: 'loading' } | { status: 'anonymous' } | { status: 'signed-in'; user: User };

interface Auth {
  state: State;
  login(username: string, password: string): Promise<void>;
  logout(): Promise<void>;
}

const AuthContext = createContext<Auth | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<State>({ status: 'loading' });

  useEffect(() => {
    const controller = new AbortController();
    api<User>('/auth/me', { signal: controller.signal })
      .then((user) => setState({ status: 'signed-in', user }))
      .catch((err: unknown) => {
        if (!controller.signal.aborted) setState({ status: 'anonymous' });
        if (!(err instanceof ApiError) && !controller.signal.aborted) console.error(err);
      });
    const off = onUnauthenticated(() => setState({ status: 'anonymous' }));
    return () => {
      controller.abort();
      off();
    };
  }, []);

  const login = useCallback(async (username: string, password: string) => {
    const res = await api<{ user: User }>('/auth/login', { method: 'POST', body: { username, password } });
    setState({ status: 'signed-in', user: res.user });
  }, []);

  const logout = useCallback(async () => {
    await api('/auth/logout', { method: 'POST' }).catch(() => undefined);
    setState({ status: 'anonymous' });
  }, []);

  const value = useMemo(() => ({ state, login, logout }), [state, login, logout]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const a = useContext(AuthContext);
  if (!a) throw new Error('useAuth outside AuthProvider');
  return a;
}

/** The signed-in user; only call below the layout, which renders for signed-in users alone. */
export function useUser(): User {
  const { state } = useAuth();
  if (state.status !== 'signed-in') throw new Error('useUser without a signed-in user');
  return state.user;
}

export const rolesOf = (user: User): Role[] => [...new Set(user.grants.map((g) => g.role))];

export const hasAnyRole = (user: User, roles: readonly Role[]): boolean =>
  user.grants.some((g) => roles.includes(g.role));

/** The jurisdiction codes the user's grants cover (roles with a place, not an organisation). */
export const jurisdictionsOf = (user: User, roles?: readonly Role[]): string[] => [
  ...new Set(
    user.grants.filter((g) => g.jurisdictionCode && (!roles || roles.includes(g.role))).map((g) => g.jurisdictionCode!),
  ),
];
