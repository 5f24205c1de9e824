import { headers } from 'next/headers';
import type { UserActor } from '@/lib/auth/current-user';
import { requestIdFrom } from '@/lib/http/request-meta';
import { withTenantContext } from '@/lib/tenancy/tenant-context';
import { countMyOpenTasks } from './list-tasks';

/**
 * The console frame's count beside "Tasks": the signed-in member's open tasks and how many are overdue, or null when
 * it cannot be had (the frame then shows no count rather than failing the page).
 */
export async function myTaskCountsFor(user: UserActor, tenantSlug: string): Promise<{ open: number; overdue: number } | null> {
  try {
    const requestId = requestIdFrom(await headers());
    return await withTenantContext(user, tenantSlug, { requestId }, (ctx) => countMyOpenTasks(ctx));
  } catch {
    return null;
  }
}
