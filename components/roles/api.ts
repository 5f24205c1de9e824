'use client';

export { ApiError, api } from '@/components/api-client';
import { ApiError, api } from '@/components/api-client';

const PAGE = 200;
const MAX_PAGES = 50;

/**
 * Every page of a cursor list (roles and teams are few; the matrix needs them all). `onProgress` hears how many
 * rows have arrived after each page but the last. It never loops forever: past 50 pages (10,000 rows), or on a
 * cursor it has already followed, it fails with an error instead of returning part of the list.
 */
export async function fetchAll<T>(path: string, onProgress?: (loaded: number) => void): Promise<T[]> {
  const out: T[] = [];
  const followed = new Set<string>();
  let cursor: string | null = null;
  for (let i = 0; i < MAX_PAGES; i++) {
    const sep = path.includes('?') ? '&' : '?';
    const page: { data: T[]; nextCursor: string | null } = await api(
      `${path}${sep}limit=${PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    out.push(...page.data);
    cursor = page.nextCursor;
    if (!cursor) return out;
    onProgress?.(out.length);
    if (followed.has(cursor)) throw new Error('The list answered the same page twice; reload to try again.');
    followed.add(cursor);
  }
  throw new Error(`More than ${MAX_PAGES * PAGE} entries: too many to show at once.`);
}

/** Field errors of a 400 keyed by their first path segment (`permissions.3` → `permissions`). */
export function fieldErrorMap(error: unknown): Record<string, string> {
  const map: Record<string, string> = {};
  if (error instanceof ApiError) for (const e of error.errors) map[e.path.split('.')[0]] ??= e.message;
  return map;
}

export type Role = {
  id: string;
  name: string;
  description: string | null;
  isDefault: boolean;
  system: { slug: string } | null;
  permissions: string[];
  memberCount: number;
  teamCount: number;
};

export type System = { id: string; slug: string; name: string; description: string | null; permissions: string[]; roleCount: number };

export type Team = {
  id: string;
  name: string;
  description: string | null;
  roles: Array<{ id: string; name: string }>;
  members: Array<{ membershipId: string; user: { id: string; name: string | null; email: string } }>;
  memberCount: number;
};
