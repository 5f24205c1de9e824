import type { Metadata } from 'next';
import { notFound, redirect } from 'next/navigation';
import { QueryProvider } from '@/components/providers/query-provider';
import { TenantSettings } from '@/components/settings/tenant-settings';
import { PageHeader } from '@/components/ui/page-header';
import { getCurrentUser } from '@/lib/auth/current-user';
import { DomainError } from '@/lib/errors';
import { loadConsoleTenant, type ConsoleTenant } from '@/lib/tenancy/console-tenant';

export const metadata: Metadata = { title: 'Settings' };

/** Tenant settings for members with `tenant.update`; others get the same 404 as a stranger. */
export default async function TenantSettingsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const user = await getCurrentUser();
  if (!user) redirect(`/sign-in?next=${encodeURIComponent(`/t/${slug}/settings`)}`);
  let loaded: ConsoleTenant;
  try {
    loaded = await loadConsoleTenant(user, slug);
  } catch (error) {
    if (error instanceof DomainError && error.status === 404) notFound();
    if (error instanceof DomainError && error.code === 'tenant_suspended') return null; // the layout shows the suspension page
    throw error;
  }
  if (!loaded.permissions.includes('tenant.update')) notFound();
  return (
    <div className="mx-auto grid w-full max-w-3xl gap-6">
      <PageHeader title="Settings" description={`Name, plan and security settings of ${loaded.tenant.name}.`} />
      <QueryProvider>
        <TenantSettings slug={loaded.tenant.slug} />
      </QueryProvider>
    </div>
  );
}
