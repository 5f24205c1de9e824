import type { TenantContext } from '@/lib/context';
import { forbidden } from '@/lib/errors';
import { permissionTitle } from './permission-catalog';
import type { Permission } from './permissions';

/** A downstream system's key: `<slug>:<resource.action>`. */
type SystemPermissionKey = `${string}:${string}`;

/** The first line of every tenant domain function: refuse (403) unless the actor holds `permission`. */
export function requirePermission(ctx: Pick<TenantContext, 'permissions'>, permission: Permission | SystemPermissionKey): void {
  if (!ctx.permissions.has(permission)) throw forbidden(`This needs the permission ${permissionTitle(permission)} (${permission}).`);
}

export function hasPermission(ctx: Pick<TenantContext, 'permissions'>, permission: Permission | SystemPermissionKey): boolean {
  return ctx.permissions.has(permission);
}
