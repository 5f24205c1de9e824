import { headers } from 'next/headers';
import { notFound, redirect } from 'next/navigation';
import { getCurrentUser } from '@/lib/auth/current-user';
import { enrolPath } from '@/lib/auth/mfa-policy';
import { passwordExpiredPath } from '@/lib/auth/password-expiry';
import { DomainError } from '@/lib/errors';
import type { UserActor } from '@/lib/auth/current-user';
import { requestIdFrom } from '@/lib/http/request-meta';
import { signingPolicy } from '@/lib/quality/signatures';
import { withTenantContext } from './tenant-context';

export type ConsoleTenant = {
  tenant: { id: string; slug: string; name: string; status: 'active' | 'suspended'; planId: string };
  permissions: string[];
  /** Pages with a signature dialog ask for it (consolePage's `signingPolicy` option): lib/quality/signatures.ts. */
  signingPolicy?: { sessionSigning: boolean; signedThisSession: boolean };
};

type ConsolePageOptions = { signingPolicy?: boolean };

/**
 * What the console layout needs for /t/{tenant}: the tenant and the member's effective permissions
 * (to show only the nav items, buttons and fields they may use). Throws DomainError 404 for a
 * non-member and 403 `tenant_suspended` for a suspended tenant.
 */
export async function loadConsoleTenant(user: UserActor, slug: string, options: ConsolePageOptions = {}): Promise<ConsoleTenant> {
  const requestId = requestIdFrom(await headers());
  return withTenantContext(user, slug, { requestId }, async (ctx) => ({
    tenant: ctx.tenant,
    permissions: [...ctx.permissions].sort(),
    ...(options.signingPolicy ? { signingPolicy: await signingPolicy(ctx) } : {}),
  }));
}

/**
 * The start of every console page under /t/{tenant}: the signed-in member's tenant and permissions.
 * Signed out → the sign-in page (coming back to `path`); unknown tenant or not a member → 404;
 * suspended tenant or member → null (the layout already shows the suspension page).
 */
export async function consolePage(
  slug: string,
  path: string,
  options: ConsolePageOptions = {},
): Promise<(ConsoleTenant & { user: UserActor }) | null> {
  const user = await getCurrentUser();
  if (!user) redirect(`/sign-in?next=${encodeURIComponent(path)}`);
  try {
    return { user, ...(await loadConsoleTenant(user, slug, options)) };
  } catch (error) {
    if (error instanceof DomainError && error.status === 404) notFound();
    if (
      error instanceof DomainError &&
      (error.code === 'tenant_suspended' || error.code === 'member_suspended' || error.code === 'sso_required')
    )
      return null;
    if (error instanceof DomainError && error.code === 'mfa_enrolment_required') redirect(enrolPath(path));
    if (error instanceof DomainError && error.code === 'password_expired') redirect(passwordExpiredPath(path));
    if (error instanceof DomainError && error.code === 'unauthenticated') redirect(`/sign-in?next=${encodeURIComponent(path)}&reason=idle`);
    throw error;
  }
}
