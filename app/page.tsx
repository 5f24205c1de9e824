import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { ArrowRight, Building, ShieldHalf } from 'lucide-react';
import { SkipLink } from '@/components/console/console-shell';
import { TenantMark } from '@/components/console/tenant-switcher';
import { TopBar } from '@/components/console/top-bar';
import { Badge, StatusBadge } from '@/components/ui/badge';
import { buttonVariants } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { CreateTenantForm } from '@/components/tenancy/create-tenant-form';
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
            <Card className="overflow-hidden">
              <Table>
                <caption className="sr-only">Tenants you belong to</caption>
                <TableHeader>
                  <TableRow>
                    <TableHead>Name</TableHead>
                    <TableHead>Slug</TableHead>
                    <TableHead>Your roles</TableHead>
                    <TableHead>Status</TableHead>
                    <TableHead className="w-10">
                      <span className="sr-only">Open</span>
                    </TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {tenants.map((tenant) => (
                    <TableRow key={tenant.slug} className="group relative">
                      <TableCell>
                        <Link
                          href={`/t/${tenant.slug}`}
                          className="flex items-center gap-2.5 rounded-sm font-medium text-foreground after:absolute after:inset-0 focus-visible:outline-none focus-visible:after:outline-2 focus-visible:after:-outline-offset-2 focus-visible:after:outline-ring"
                        >
                          <TenantMark name={tenant.name} />
                          {tenant.name}
                        </Link>
                      </TableCell>
                      <TableCell className="font-mono text-xs text-muted-foreground">{tenant.slug}</TableCell>
                      <TableCell>
                        {tenant.roles.length > 0 ? (
                          <div className="flex flex-wrap gap-1">
                            {tenant.roles.map((role) => (
                              <Badge key={role}>{role}</Badge>
                            ))}
                          </div>
                        ) : (
                          <span className="text-xs text-muted-foreground">No roles</span>
                        )}
                      </TableCell>
                      <TableCell>
                        <StatusBadge status={tenant.status} />
                      </TableCell>
                      <TableCell className="text-right">
                        <ArrowRight
                          aria-hidden="true"
                          className="ml-auto size-4 text-muted-foreground transition-transform group-hover:translate-x-0.5 group-hover:text-foreground"
                        />
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </Card>
          )}
        </div>
      </main>
    </div>
  );
}
