// The workforce pages' vocabulary (job roles, education, skill levels, incentives), loaded once.
import { useEffect, useState } from 'react';
import { EMPLOYER_ROLES, WORKFORCE_OFFICERS } from '../../../../src/domain/identity/permissions.ts';
import type { Role } from '../../../../src/domain/identity/roles.ts';
import { api } from '../../api.ts';

export const WORKFORCE_PAGE_ROLES: readonly Role[] = [...WORKFORCE_OFFICERS, ...EMPLOYER_ROLES];

export interface WorkforceVocabulary {
  jobRoles: Record<string, string>;
  educations: Record<string, string>;
  skillLevels: Record<string, string>;
  certificateKinds: Record<string, string>;
  incentives: Record<string, string>;
}

let cached: Promise<WorkforceVocabulary> | null = null;
export function useWorkforceVocabulary(): WorkforceVocabulary | null {
  const [v, setV] = useState<WorkforceVocabulary | null>(null);
  useEffect(() => {
    cached ??= api<WorkforceVocabulary>('/workforce/vocabulary').catch((err) => {
      cached = null;
      throw err;
    });
    let live = true;
    cached.then((x) => live && setV(x)).catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  return v;
}

export { formatFen } from '../../../../src/lib/money.ts';
