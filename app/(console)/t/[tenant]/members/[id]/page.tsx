import type { Metadata } from 'next';
import Link from 'next/link';
import { ChevronLeft, Lock } from 'lucide-react';
import { consolePage } from '@/lib/tenancy/console-tenant';
import { MemberDetail } from '@/components/members/member-detail';
import { QueryProvider } from '@/components/providers/query-provider';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';

export const metadata: Metadata = { title: 'Member' };

/** One member: roles and teams, overrides, and effective permissions with their sources. Needs members.read. */
export default async function MemberPage({ params }: { params: Promise<{ tenant: string; id: string }> }) {
  const { tenant: slug, id } = await params;
  const page = await consolePage(slug, `/t/${slug}/members/${id}`);
  if (!page) return null;
  const can = new Set(page.permissions);
  return (
    <div className="grid gap-5">
      <PageHeader
        eyebrow={
          <Link href={`/t/${slug}/members`} className="inline-flex items-center gap-1 hover:text-foreground hover:underline">
            <ChevronLeft aria-hidden="true" className="size-3.5" />
            Members
          </Link>
        }
        title="Member"
        description="Roles, teams, overrides and what they add up to."
      />
      {can.has('members.read') ? (
        <QueryProvider>
          <MemberDetail tenant={slug} id={id} viewer={{ userId: page.user.id, permissions: page.permissions }} />
        </QueryProvider>
      ) : (
        <EmptyState icon={<Lock />} title="You cannot see this member">
          This needs the members.read permission. Ask an admin of this tenant.
        </EmptyState>
      )}
    </div>
  );
}
