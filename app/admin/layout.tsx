import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { ArrowLeft } from 'lucide-react';
import { AdminNav } from '@/components/admin/admin-nav';
import { SkipLink } from '@/components/console/console-shell';
import { ViewerClockProvider } from '@/components/providers/viewer-clock';
import { viewerClock } from '@/components/providers/viewer-clock-server';
import { TopBar } from '@/components/console/top-bar';
import { Badge } from '@/components/ui/badge';
import { PageHeader } from '@/components/ui/page-header';
import { getCurrentUser } from '@/lib/auth/current-user';
import { enrolPath } from '@/lib/auth/mfa-policy';
import { platformAdminMustEnrol } from '@/lib/auth/platform-admin-gate';

export const metadata: Metadata = { title: { template: '%s · Platform admin · Custos', default: 'Platform admin · Custos' } };

/**
 * The platform console: tenants, plans, suspension, wipe-out and the platform trail. Platform
 * administrators only; anyone else gets the ordinary 404 (the pages' existence is not advertised),
 * signed out → sign in. The API refuses non-admins anyway.
 */
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const user = await getCurrentUser();
  if (!user) redirect(`/sign-in?next=${encodeURIComponent('/admin')}`);
  if (!user.isPlatformAdmin) notFound();
  // PLATFORM_ADMIN_MFA=required (the production default) and no second factor yet: enrol first, then back here.
  if (platformAdminMustEnrol(user)) redirect(enrolPath('/admin'));
  return (
    <ViewerClockProvider initial={await viewerClock()}>
      <div className="flex min-h-dvh flex-col">
        <SkipLink />
        <TopBar user={user} />
        <main id="main" tabIndex={-1} className="flex-1 outline-none">
          <div className="mx-auto flex w-full max-w-6xl flex-col gap-6 px-4 py-8 sm:px-6 sm:py-10">
            <PageHeader
              eyebrow={
                <Link
                  href="/"
                  className="inline-flex items-center gap-1 rounded-sm hover:text-foreground focus-visible:outline-2 focus-visible:outline-ring"
                >
                  <ArrowLeft aria-hidden="true" className="size-3" />
                  Your tenants
                </Link>
              }
              title="Platform administration"
              meta={<Badge tone="warning">Platform admin</Badge>}
              description="Every tenant on this Custos installation: plans and seats, suspension, wipe-out, and the platform audit trail."
            />
            <AdminNav />
            {children}
          </div>
        </main>
      </div>
    </ViewerClockProvider>
  );
}
