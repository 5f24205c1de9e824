'use client';

import * as React from 'react';
import { useRouter } from 'next/navigation';
import { keepPreviousData, useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { Boxes, Plus, Search } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { DataTable } from '@/components/ui/data-table';
import { EmptyState } from '@/components/ui/empty-state';
import { Input, controlClasses } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { PageHeader } from '@/components/ui/page-header';
import { useListParams, useSearchBox, useTableSort } from '@/components/ui/use-list-params';
import { api, keys, paths, type BatchView, type Page } from './api';
import { batchColumns } from './batch-columns';
import { BATCH_LIST_SORT, batchListKey, batchListQuery, readBatchListFilters } from './batch-list-query';
import { NewBatchDialog } from './new-batch-dialog';
import { BATCH_STATUS, BATCH_STATUS_ORDER } from './status';

/**
 * The tenant's batches: ordered by a column header (by the API; newest first by default), status filter
 * (`?status=`) and search (`?q=`: part of the batch number or product), all kept in the URL; a column picker (the
 * table is wide), cards on phones, cursor pages, and "New batch" (batches.create). The first page arrives with the
 * page (prefetched under `batchListKey`).
 */
export function BatchesPanel({ tenant, permissions }: { tenant: string; permissions: readonly string[] }) {
  const router = useRouter();
  const canCreate = permissions.includes('batches.create');
  const listParams = useListParams();
  const sort = useTableSort(BATCH_LIST_SORT);
  const filters = readBatchListFilters(listParams.params, BATCH_STATUS_ORDER);
  const { status, q } = filters;
  const [search, setSearch] = useSearchBox(listParams);
  const filtered = Boolean(status || q);
  const queryClient = useQueryClient();

  const list = useInfiniteQuery({
    queryKey: batchListKey(tenant, filters),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const qs = new URLSearchParams(Object.entries(batchListQuery(filters, pageParam)).map(([k, v]) => [k, String(v)]));
      return api<Page<BatchView>>(`${paths.batches(tenant)}?${qs}`);
    },
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
  const rows = React.useMemo(() => list.data?.pages.flatMap((p) => p.data), [list.data]);
  const columns = React.useMemo(() => batchColumns(tenant), [tenant]);
  const [creating, setCreating] = React.useState(false);

  const clear = () => {
    // The order stays: only the filters go.
    setSearch('');
    listParams.setMany({ status: '', q: '' });
  };

  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Batches"
        description="Every batch record of this tenant, from planning to release; newest first, or ordered by a column header. Records are never deleted."
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
        <DataTable
          label="Batches"
          columns={columns}
          data={rows}
          getRowId={(b) => b.id}
          sort={sort}
          sortMode="server"
          columnPicker="batches"
          query={list}
          pages={list}
          loadingLabel="Loading batches"
          rowTestId="batch-row"
          onRowClick={(b) => router.push(`/t/${tenant}/batches/${b.id}`)}
          className={cn(list.isPlaceholderData && 'opacity-60 transition-opacity')}
          skeletonRows={6}
          toolbar={
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
          }
          empty={
            <EmptyState
              icon={<Boxes />}
              title={
                filtered ? (status && !q ? `No ${BATCH_STATUS[status].label.toLowerCase()} batches` : 'No batch matches') : 'No batches yet'
              }
              action={
                filtered ? (
                  <Button size="sm" onClick={clear}>
                    Clear filters
                  </Button>
                ) : canCreate ? (
                  <Button size="sm" onClick={() => setCreating(true)}>
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
          }
        />
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
