import { notFound, redirect } from 'next/navigation';
import { getCurrentUser } from '@/lib/auth/current-user';
import { DomainError } from '@/lib/errors';
import { loadConsoleTenant } from '@/lib/tenancy/console-tenant';

/** The signed-in user and their permissions in /t/{tenant} for the members pages (null while suspended: the layout says so). */
export async function loadMembersPage(slug: string, path: string) {
  const user = await getCurrentUser();
  if (!user) redirect(`/sign-in?next=${encodeURIComponent(path)}`);
  try {
    const loaded = await loadConsoleTenant(user, slug);
    return { user, tenant: loaded.tenant, permissions: loaded.permissions };
  } catch (error) {
    if (error instanceof DomainError && error.status === 404) notFound();
    if (error instanceof DomainError && error.code === 'tenant_suspended') return null;
    throw error;
  }
}
