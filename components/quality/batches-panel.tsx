'use client';

import * as React from 'react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { keepPreviousData, useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { Boxes, Plus, Search } from 'lucide-react';
import { LocalTime } from '@/components/members/local-time';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { cn } from '@/components/ui/cn';
import { EmptyState } from '@/components/ui/empty-state';
import { Input, controlClasses } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { PageHeader } from '@/components/ui/page-header';
import { Skeleton } from '@/components/ui/skeleton';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { oneOf, useListParams, useSearchBox } from '@/components/ui/use-list-params';
import { LoadFailed } from '@/components/ui/list-parts';
import { api, keys, paths, type BatchView, type Page } from './api';
import { NewBatchDialog } from './new-batch-dialog';
import { BATCH_STATUS, BATCH_STATUS_ORDER, BatchStatusBadge } from './status';

const PAGE = 50;
const STATUS_VALUES = ['', ...BATCH_STATUS_ORDER] as const;

/**
 * The tenant's batches, newest first: status filter (`?status=`, by the API) and search (`?q=`: part of the
 * batch number or product, by the API) kept in the URL, cursor pages, and "New batch" (batches.create).
 */
export function BatchesPanel({ tenant, permissions }: { tenant: string; permissions: readonly string[] }) {
  const router = useRouter();
  const canCreate = permissions.includes('batches.create');
  const listParams = useListParams();
  const status = oneOf(listParams.params.get('status'), STATUS_VALUES);
  const q = (listParams.params.get('q') ?? '').trim();
  const [search, setSearch] = useSearchBox(listParams);
  const filtered = Boolean(status || q);
  const queryClient = useQueryClient();

  const list = useInfiniteQuery({
    queryKey: [...keys.batches(tenant), { status, q }],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const qs = new URLSearchParams({ limit: String(PAGE) });
      if (status) qs.set('status', status);
      if (q) qs.set('q', q);
      if (pageParam) qs.set('cursor', pageParam);
      return api<Page<BatchView>>(`${paths.batches(tenant)}?${qs}`);
    },
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
  const rows = list.data?.pages.flatMap((p) => p.data) ?? [];
  const [creating, setCreating] = React.useState(false);

  const clear = () => {
    setSearch('');
    listParams.clear();
  };

  return (
    <div className="grid gap-5">
      <PageHeader
        title="Batches"
        description="Every batch record of this tenant, newest first, from planning to release. Records are never deleted."
        actions={
          canCreate ? (
            <Button variant="primary" onClick={() => setCreating(true)}>
              <Plus aria-hidden="true" />
              New batch
            </Button>
          ) : undefined
        }
      />
      <div className="grid gap-3">
        <div className="flex flex-col gap-2 sm:flex-row sm:items-end">
          <div className="grid gap-1.5 sm:w-72">
            <Label htmlFor="batches-search">Search</Label>
            <div className="relative">
              <Search
                aria-hidden="true"
                className="pointer-events-none absolute top-1/2 left-2.5 size-3.5 -translate-y-1/2 text-muted-foreground"
              />
              <Input
                id="batches-search"
                type="search"
                placeholder="Batch number or product"
                className="pl-8"
                value={search}
                onChange={(e) => setSearch(e.target.value)}
              />
            </div>
          </div>
          <div className="grid gap-1.5 sm:w-48">
            <Label htmlFor="batches-status">Status</Label>
            <select
              id="batches-status"
              className={cn(controlClasses, 'h-8')}
              value={status}
              onChange={(e) => listParams.set('status', e.target.value)}
            >
              <option value="">All statuses</option>
              {BATCH_STATUS_ORDER.map((s) => (
                <option key={s} value={s}>
                  {BATCH_STATUS[s].label}
                </option>
              ))}
            </select>
          </div>
          {filtered ? (
            <Button variant="ghost" size="sm" className="sm:mb-0.5" onClick={clear}>
              Clear filters
            </Button>
          ) : null}
        </div>

        <Card className="overflow-hidden p-0">
          {list.isPending ? (
            <div aria-busy="true" aria-label="Loading batches" className="grid gap-3 p-4">
              {Array.from({ length: 6 }, (_, i) => (
                <div key={i} className="flex items-center gap-4">
                  <Skeleton className="h-4 w-24" />
                  <Skeleton className="h-4 w-52" />
                  <Skeleton className="h-4 w-24 rounded-full" />
                  <Skeleton className="hidden h-4 w-20 sm:block" />
                  <Skeleton className="hidden h-4 w-28 md:block" />
                </div>
              ))}
              <span className="sr-only">Loading batches…</span>
            </div>
          ) : list.isError && !list.data ? (
            <div className="p-4">
              <LoadFailed title="The batches could not be loaded." query={list} />
            </div>
          ) : rows.length === 0 ? (
            <div className="p-4">
              <EmptyState
                icon={<Boxes />}
                title={
                  filtered
                    ? status && !q
                      ? `No ${BATCH_STATUS[status].label.toLowerCase()} batches`
                      : 'No batch matches'
                    : 'No batches yet'
                }
                action={
                  filtered ? (
                    <Button size="sm" onClick={clear}>
                      Clear filters
                    </Button>
                  ) : canCreate ? (
                    <Button size="sm" variant="primary" onClick={() => setCreating(true)}>
                      <Plus aria-hidden="true" />
                      Plan a batch
                    </Button>
                  ) : undefined
                }
              >
                {filtered
                  ? 'Try another word or status, or clear the filters to see every batch.'
                  : canCreate
                    ? 'Plan the first batch on one of your sites; it then moves through production, quarantine and review to release.'
                    : 'Batches appear here once operators plan them.'}
              </EmptyState>
            </div>
          ) : (
            <Table aria-label="Batches" className={cn(list.isPlaceholderData && 'opacity-60 transition-opacity')}>
              <TableHeader>
                <TableRow>
                  <TableHead>Batch</TableHead>
                  <TableHead>Product</TableHead>
                  <TableHead>Status</TableHead>
                  <TableHead>Site</TableHead>
                  <TableHead className="text-right">Planned qty</TableHead>
                  <TableHead>Expires</TableHead>
                  <TableHead>Created</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {rows.map((b) => (
                  <TableRow
                    key={b.id}
                    data-testid="batch-row"
                    className="cursor-pointer"
                    onClick={(e) => {
                      if ((e.target as HTMLElement).closest('a,button,time')) return;
                      router.push(`/t/${tenant}/batches/${b.id}`);
                    }}
                  >
                    <TableCell>
                      <Link
                        href={`/t/${tenant}/batches/${b.id}`}
                        className="rounded-sm font-mono text-xs font-medium text-link hover:underline focus-visible:outline-2 focus-visible:outline-ring"
                      >
                        {b.batchNumber}
                      </Link>
                    </TableCell>
                    <TableCell className="max-w-72">
                      <span className="block truncate" title={b.productName}>
                        {b.productName}
                      </span>
                      {b.gtin ? <span className="block font-mono text-[11px] text-muted-foreground">GTIN {b.gtin}</span> : null}
                    </TableCell>
                    <TableCell>
                      <BatchStatusBadge status={b.status} />
                    </TableCell>
                    <TableCell className="whitespace-nowrap">
                      <span className="font-mono text-xs" title={b.site.name}>
                        {b.site.code}
                      </span>
                    </TableCell>
                    <TableCell className="text-right tabular-nums">{b.plannedQuantity.toLocaleString()}</TableCell>
                    <TableCell className="whitespace-nowrap tabular-nums">{b.expiresOn}</TableCell>
                    <TableCell>
                      <LocalTime iso={b.createdAt} />
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </Card>
        {list.isError && list.data ? <LoadFailed title="The batches could not be refreshed." query={list} /> : null}
        {list.hasNextPage ? (
          <div className="flex justify-center">
            <Button size="sm" onClick={() => void list.fetchNextPage()} pending={list.isFetchingNextPage}>
              Load more
            </Button>
          </div>
        ) : null}
      </div>
      {canCreate ? (
        <NewBatchDialog
          tenant={tenant}
          open={creating}
          onOpenChange={setCreating}
          onCreated={(batch) => {
            setCreating(false);
            void queryClient.invalidateQueries({ queryKey: keys.batches(tenant) });
            router.push(`/t/${tenant}/batches/${batch.id}`);
          }}
        />
      ) : null}
    </div>
  );
}
