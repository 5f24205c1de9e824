'use client';

import * as React from 'react';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Building2, MoreHorizontal, Plus, RotateCw, Search } from 'lucide-react';
import { Alert } from '@/components/ui/alert';
import { Badge, StatusBadge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from '@/components/ui/dropdown-menu';
import { EmptyState } from '@/components/ui/empty-state';
import { Input } from '@/components/ui/input';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import type { AdminTenant } from '@/lib/platform-admin/schemas';
import { LocalTime } from './local-time';
import { api } from './api';
import { ListSkeleton, LoadMore } from '@/components/ui/list-parts';
import { seatsFull } from '@/lib/invitations/policy';
import { CreateTenantDialog } from './create-tenant-dialog';
import { ChangePlanDialog, StatusDialog } from './tenant-plan-status-dialogs';
import { planTone } from './tenant-plans';
import { WipeOutDialog } from './wipe-out-tenant-dialog';

type Page = { data: AdminTenant[]; nextCursor: string | null };

type Pending = { kind: 'plan' | 'status' | 'wipe'; tenant: AdminTenant } | null;

/** All tenants: search (in the URL), plan and status badges, seats; create, change plan, suspend, wipe out. */
export function TenantsTable() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const q = params.get('q') ?? '';
  const [search, setSearch] = React.useState(q);
  // A new search in the URL (back, forward, "Clear the search") shows in the box; adjusted while rendering.
  const [shownQuery, setShownQuery] = React.useState(q);
  if (shownQuery !== q) {
    setShownQuery(q);
    setSearch(q);
  }
  const [creating, setCreating] = React.useState(false);
  const [pending, setPending] = React.useState<Pending>(null);

  const key = ['admin', 'tenants', q];
  const tenants = useInfiniteQuery({
    queryKey: key,
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const qs = new URLSearchParams();
      if (q) qs.set('q', q);
      if (pageParam) qs.set('cursor', pageParam);
      return api<Page>(`/api/v1/admin/tenants${qs.size ? `?${qs}` : ''}`);
    },
    getNextPageParam: (last) => last.nextCursor,
  });

  const applySearch = (event: React.FormEvent) => {
    event.preventDefault();
    const next = new URLSearchParams(params);
    if (search.trim()) next.set('q', search.trim());
    else next.delete('q');
    router.replace(`${pathname}${next.size ? `?${next}` : ''}`);
  };

  const rows = tenants.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <div className="grid gap-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <form role="search" onSubmit={applySearch} className="flex items-center gap-2">
          <label htmlFor="tenant-search" className="sr-only">
            Search tenants
          </label>
          <div className="relative">
            <Search
              aria-hidden="true"
              className="pointer-events-none absolute top-1/2 left-2.5 size-3.5 -translate-y-1/2 text-muted-foreground"
            />
            <Input
              id="tenant-search"
              type="search"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
              placeholder="Slug or name"
              className="w-64 pl-8"
            />
          </div>
          <Button type="submit">Search</Button>
        </form>
        <Button variant="primary" onClick={() => setCreating(true)}>
          <Plus aria-hidden="true" />
          Create tenant
        </Button>
      </div>

      {tenants.isPending ? (
        <TableSkeleton />
      ) : tenants.isError ? (
        <Alert tone="danger" role="alert" title="The tenants could not be loaded.">
          <span>{tenants.error.message} </span>
          <Button variant="link" size="sm" onClick={() => void tenants.refetch()} pending={tenants.isFetching}>
            <RotateCw aria-hidden="true" />
            Try again
          </Button>
        </Alert>
      ) : rows.length === 0 ? (
        <EmptyState
          icon={<Building2 />}
          title={q ? `No tenant matches “${q}”` : 'No tenants yet'}
          action={
            q ? (
              <Button onClick={() => router.replace(pathname)}>Clear the search</Button>
            ) : (
              <Button variant="primary" onClick={() => setCreating(true)}>
                Create a tenant
              </Button>
            )
          }
        >
          {q ? 'Try part of the slug or the name.' : 'Create the first tenant and name its admin; they invite the rest.'}
        </EmptyState>
      ) : (
        <>
          <Table aria-label="Tenants" containerClassName="rounded-lg border border-border">
            <TableHeader>
              <TableRow>
                <TableHead>Tenant</TableHead>
                <TableHead>Plan</TableHead>
                <TableHead>Status</TableHead>
                <TableHead className="text-right">Seats</TableHead>
                <TableHead>Created</TableHead>
                <TableHead className="text-right">
                  <span className="sr-only">Actions</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {rows.map((t) => (
                <TableRow key={t.id} data-testid="tenant-row">
                  <TableCell>
                    <div className="flex flex-col">
                      <span className="font-medium">{t.name}</span>
                      <Link
                        href={`/t/${t.slug}`}
                        className="w-fit font-mono text-xs text-muted-foreground hover:text-foreground hover:underline"
                      >
                        {t.slug}
                      </Link>
                    </div>
                  </TableCell>
                  <TableCell>
                    <Badge tone={planTone(t.plan.id)}>{t.plan.name}</Badge>
                  </TableCell>
                  <TableCell>
                    <StatusBadge status={t.status} tone={t.status === 'active' ? 'success' : 'danger'} />
                  </TableCell>
                  <TableCell className="text-right tabular-nums">
                    <span className={seatsFull(t.seats) ? 'text-warning' : undefined}>
                      {t.seats.used} / {t.seats.limit ?? '∞'}
                    </span>
                  </TableCell>
                  <TableCell>
                    <LocalTime iso={t.createdAt} />
                  </TableCell>
                  <TableCell className="text-right">
                    <DropdownMenu>
                      <DropdownMenuTrigger asChild>
                        <Button size="icon-sm" variant="ghost" aria-label={`Actions for ${t.name}`}>
                          <MoreHorizontal aria-hidden="true" />
                        </Button>
                      </DropdownMenuTrigger>
                      <DropdownMenuContent align="end">
                        <DropdownMenuItem onSelect={() => setPending({ kind: 'plan', tenant: t })}>Change plan…</DropdownMenuItem>
                        <DropdownMenuItem onSelect={() => setPending({ kind: 'status', tenant: t })}>
                          {t.status === 'active' ? 'Suspend…' : 'Reactivate…'}
                        </DropdownMenuItem>
                        <DropdownMenuSeparator />
                        <DropdownMenuItem className="text-danger" onSelect={() => setPending({ kind: 'wipe', tenant: t })}>
                          Wipe out…
                        </DropdownMenuItem>
                      </DropdownMenuContent>
                    </DropdownMenu>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <LoadMore pages={tenants} />
        </>
      )}

      <CreateTenantDialog open={creating} onOpenChange={setCreating} />
      <ChangePlanDialog pending={pending?.kind === 'plan' ? pending.tenant : null} onClose={() => setPending(null)} />
      <StatusDialog pending={pending?.kind === 'status' ? pending.tenant : null} onClose={() => setPending(null)} />
      <WipeOutDialog pending={pending?.kind === 'wipe' ? pending.tenant : null} onClose={() => setPending(null)} />
    </div>
  );
}

function TableSkeleton() {
  return (
    <ListSkeleton
      label="Loading tenants"
      rows={4}
      className="rounded-lg border border-border"
      cells={['h-4 w-48', 'h-4 w-16', 'h-4 w-16', 'ml-auto h-4 w-12']}
    />
  );
}
