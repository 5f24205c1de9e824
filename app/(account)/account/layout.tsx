import Link from 'next/link';
import { redirect } from 'next/navigation';
import { ArrowLeft } from 'lucide-react';
import { AccountTabs } from '@/components/account/account-tabs';
import { SkipLink } from '@/components/console/console-shell';
import { ViewerClockProvider } from '@/components/providers/viewer-clock';
import { viewerClock } from '@/components/providers/viewer-clock-server';
import { TopBar } from '@/components/console/top-bar';
import { PageHeader } from '@/components/ui/page-header';
import { getCurrentUser } from '@/lib/auth/current-user';

/**
 * Your account, outside any tenant: the same top bar as the tenant list, a heading, and the tabs
 * Profile · Password · Sessions. Signed out (or a revoked session) → sign in, then back here.
 */
export default async function AccountLayout({ children }: { children: React.ReactNode }) {
  const user = await getCurrentUser();
  if (!user) redirect(`/sign-in?next=${encodeURIComponent('/account')}`);

  return (
    <ViewerClockProvider initial={await viewerClock()}>
      <div className="flex min-h-dvh flex-col">
        <SkipLink />
        <TopBar user={user} />
        <main id="main" tabIndex={-1} className="flex-1 outline-none">
          <div className="mx-auto flex w-full max-w-5xl flex-col gap-6 px-4 py-8 sm:px-6 sm:py-10">
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
              title="Account"
              description={`Signed in as ${user.email}. Your profile, password and sessions are the same in every tenant.`}
            />
            <AccountTabs />
            {children}
          </div>
        </main>
      </div>
    </ViewerClockProvider>
  );
}
