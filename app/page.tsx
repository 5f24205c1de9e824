import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { Suspense } from 'react';
import { Building, ShieldHalf } from 'lucide-react';
import { SkipLink } from '@/components/console/console-shell';
import { TopBar } from '@/components/console/top-bar';
import { buttonVariants } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { CreateTenantForm } from '@/components/tenancy/create-tenant-form';
import { MyTenantsTable } from '@/components/tenancy/my-tenants-table';
import { getCurrentUser } from '@/lib/auth/current-user';
import { createTenantAction } from './actions';
import { listMyTenants } from '@/lib/tenancy/list-my-tenants';

export const metadata: Metadata = { title: 'Your tenants' };

/** Home: your tenants. One tenant goes straight in; none shows how to start. */
export default async function HomePage() {
  const user = await getCurrentUser();
  if (!user) redirect('/sign-in');
  const tenants = await listMyTenants(user.id);
  if (tenants.length === 1) redirect(`/t/${tenants[0].slug}`);

  return (
    <div className="flex min-h-dvh flex-col">
      <SkipLink />
      <TopBar user={user} />
      <main id="main" tabIndex={-1} className="flex-1 outline-none">
        <div className="mx-auto flex w-full max-w-5xl flex-col gap-6 px-4 py-8 sm:px-6 sm:py-10">
          <PageHeader
            title="Your tenants"
            description={
              tenants.length > 0
                ? 'The organisations you are a member of. Open one to work in its console.'
                : 'A tenant is an organisation in Custos: its members, access rules and batch records.'
            }
            actions={
              user.isPlatformAdmin ? (
                <Link href="/admin" className={buttonVariants({ variant: 'secondary' })}>
                  <ShieldHalf aria-hidden="true" />
                  Platform admin
                </Link>
              ) : null
            }
          />

          {tenants.length === 0 ? (
            <EmptyState icon={<Building />} title="You are not in any tenant yet" action={<CreateTenantForm action={createTenantAction} />}>
              Create your organisation's tenant below — you become its admin — or follow the link in an invitation email to join an existing
              one.
            </EmptyState>
          ) : (
            <Suspense>
              <MyTenantsTable tenants={tenants} />
            </Suspense>
          )}
        </div>
      </main>
    </div>
  );
}
