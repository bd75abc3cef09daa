// The community domain's pages, spread into the app's registry (web/src/registry.tsx).
import type { PageEntry } from '../../registry.tsx';

export const COMMUNITY_PAGES: PageEntry[] = [];
