import type { z } from 'zod';
import type { TenantContext } from '@/lib/context';
import { notFound } from '@/lib/errors';
import { parseInput } from '@/lib/validation';
import { actingUserId } from '@/lib/acting-person';
import { explain, systemOfKey } from './evaluate';
import { loadMemberAccess } from './member-access';
import { authorizeSchema, type AuthorizeResult } from './override-schemas';
import { requirePermission } from './require-permission';
import { inactiveSystemSlugs, keyInSystem, systemContextSlug } from './system-context';

/**
 * May this member do `permission` (`<system>:<permission>` in a system context: the `system` field or the
 * `X-System-Slug` header, which must agree)? Answers with the deciding role, team, grant, deny or `default_deny`,
 * and `system_inactive` for any key of a switched-off system. Any member may ask about themselves; asking about
 * someone else needs members.read. Unknown or non-member userId: 404.
 */
export async function authorize(ctx: TenantContext, input: z.input<typeof authorizeSchema>): Promise<AuthorizeResult> {
  const data = parseInput(authorizeSchema, input);
  const self = actingUserId(ctx.actor);
  const userId = data.userId ?? self;
  if (!userId) throw notFound('member');
  if (userId !== self) requirePermission(ctx, 'members.read');
  const key = keyInSystem(systemContextSlug(ctx, data.system), data.permission);
  const system = systemOfKey(key);
  const [loaded, inactive] = await Promise.all([
    loadMemberAccess(ctx.db, ctx.tenant.id, userId),
    system === null ? new Set<string>() : inactiveSystemSlugs(ctx.db, ctx.tenant.id, system),
  ]);
  if (!loaded) throw notFound('member');
  const decision = explain(loaded.access, key, inactive);
  // An API key asking about itself is limited to its scopes.
  if (userId === self && ctx.actor.type === 'api_key' && decision.allowed && !ctx.permissions.has(key)) {
    return { allowed: false, reason: 'default_deny' };
  }
  return { allowed: decision.allowed, reason: decision.reason };
}
