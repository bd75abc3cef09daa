// The workforce pages' vocabulary (job roles, education, skill levels, incentives), loaded once.
// Types come from the server's schemas so the pages and the API never disagree.
import { useEffect, useState } from 'react';
import { EMPLOYER_ROLES, WORKFORCE_OFFICERS } from '../../../../src/domain/identity/permissions.ts';
import type { Role } from '../../../../src/domain/identity/roles.ts';
import type { Vocabulary as WorkforceVocabulary } from '../../../../src/domain/workforce/schemas.ts';
import { api } from '../../api.ts';

export type {
  Vocabulary as WorkforceVocabulary,
  WorkerPage,
  WorkerRow,
  WorkerView,
} from '../../../../src/domain/workforce/schemas.ts';

export const WORKFORCE_PAGE_ROLES: readonly Role[] = [...WORKFORCE_OFFICERS, ...EMPLOYER_ROLES];

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
