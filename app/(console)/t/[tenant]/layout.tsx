import { notFound, redirect } from 'next/navigation';
import { ConsoleShell } from '@/components/console/console-shell';
import { MemberSuspended } from '@/components/console/member-suspended';
import { TenantSuspended } from '@/components/console/tenant-suspended';
import { SsoRequiredNotice } from '@/components/sso/domains-sso-required';
import { ViewerClockProvider } from '@/components/providers/viewer-clock';
import { viewerClock } from '@/components/providers/viewer-clock-server';
import { getCurrentUser } from '@/lib/auth/current-user';
import { enrolPath } from '@/lib/auth/mfa-policy';
import { passwordExpiredPath } from '@/lib/auth/password-expiry';
import { DomainError } from '@/lib/errors';
import { loadConsoleTenant, type ConsoleTenant } from '@/lib/tenancy/console-tenant';
import { listMyTenants } from '@/lib/tenancy/list-my-tenants';
import { discoverSso } from '@/lib/sso/domains/discover-sso';
import { myTaskCountsFor } from '@/lib/tasks/console-counts';

/**
 * The console frame of /t/{tenant}: the member's permissions decide which navigation they see.
 * Non-members and unknown tenants get the same 404; a suspended tenant gets a page saying so. Times on every page are
 * formatted in the viewer's zone and locale (components/providers/viewer-clock.tsx), alike on the server and in the browser.
 */
export default async function TenantLayout({ children, params }: { children: React.ReactNode; params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const user = await getCurrentUser();
  if (!user) redirect(`/sign-in?next=${encodeURIComponent(`/t/${slug}`)}`);

  let loaded: ConsoleTenant | null = null;
  let suspended = false;
  let memberSuspended = false;
  let ssoRequired = false;
  try {
    loaded = await loadConsoleTenant(user, slug);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    if (error.status === 404) notFound();
    // Idle past the tenant's session timeout: the session was ended; sign in again and come back.
    if (error.code === 'unauthenticated') redirect(`/sign-in?next=${encodeURIComponent(`/t/${slug}`)}&reason=idle`);
    // The tenant requires a second factor this person has not set up: enrolment first, then back here.
    if (error.code === 'mfa_enrolment_required') redirect(enrolPath(`/t/${slug}`));
    // The password is past the maximum age of the person's password rules: a new one first, then back here.
    if (error.code === 'password_expired') redirect(passwordExpiredPath(`/t/${slug}`));
    if (error.code === 'tenant_suspended') suspended = true;
    // Their own membership is suspended (an admin, or the dormant-member job): a page saying so.
    else if (error.code === 'member_suspended') memberSuspended = true;
    // The tenant requires its SSO for this person's domain and this session came another way: a page with the way in.
    else if (error.code === 'sso_required') ssoRequired = true;
    else throw error;
  }

  if (memberSuspended) return <MemberSuspended user={user} slug={slug} />;
  if (ssoRequired) {
    const { sso } = await discoverSso({ email: user.email }, { returnTo: `/t/${slug}` });
    return <SsoRequiredNotice user={user} slug={slug} signInUrl={sso?.url ?? null} />;
  }
  const tenants = await listMyTenants(user.id);
  if (suspended || !loaded) {
    const name = tenants.find((t) => t.slug === slug)?.name;
    return <TenantSuspended user={user} slug={slug} name={name} />;
  }

  const { tenant, permissions } = loaded;
  const taskCounts = await myTaskCountsFor(user, tenant.slug);
  return (
    <ViewerClockProvider initial={await viewerClock()}>
      <ConsoleShell
        user={{ name: user.name, email: user.email, isPlatformAdmin: user.isPlatformAdmin }}
        tenant={{ slug: tenant.slug, name: tenant.name, status: tenant.status, planId: tenant.planId }}
        tenants={tenants}
        permissions={permissions}
        taskCounts={taskCounts}
      >
        {children}
      </ConsoleShell>
    </ViewerClockProvider>
  );
}
