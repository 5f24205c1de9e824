'use client';

import * as React from 'react';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { KeyRound, Plus } from 'lucide-react';
import { Badge, StatusBadge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { DataTable, type DataTableColumn } from '@/components/ui/data-table';
import { EmptyState } from '@/components/ui/empty-state';
import { cn } from '@/components/ui/cn';
import { controlClasses } from '@/components/ui/input';
import { PageHeader } from '@/components/ui/page-header';
import { toast } from '@/components/ui/toast';
import { SimpleTooltip } from '@/components/ui/tooltip';
import { TableDate } from '@/components/ui/table-date';
import { useListParams, useTableSort } from '@/components/ui/use-list-params';
import type { ApiKeyList, ApiKeyView } from '@/lib/access/api-key-schemas';
import { inCatalogOrder, permissionTitle } from '@/lib/access/permission-catalog';
import { api, apiKeyListQuery, apiKeySortOptions, apiKeysKey, apiKeysListKey, readApiKeyListFilters } from './api';
import { CreateApiKeyDialog } from './create-api-key-dialog';

export type ApiKeysPanelProps = {
  tenant: string;
  /** The member may create and revoke keys (`api_keys.manage`). */
  canManage: boolean;
  /** The member's own permissions: the scopes a new key may hold. */
  held: readonly string[];
};

const STATUS_LABELS: Record<string, string> = { '': 'All statuses', active: 'Active', expired: 'Expired', revoked: 'Revoked' };

function keyColumns(canManage: boolean, onRevoke: (key: ApiKeyView) => void): DataTableColumn<ApiKeyView>[] {
  const columns: DataTableColumn<ApiKeyView>[] = [
    { id: 'name', header: 'Name', accessorKey: 'name', meta: { primary: true, cellClassName: 'font-medium' } },
    {
      id: 'prefix',
      header: 'Prefix',
      accessorKey: 'prefix',
      cell: ({ row }) => <span className="font-mono text-xs whitespace-nowrap">ck_{row.original.prefix}_…</span>,
    },
    {
      id: 'permissions',
      header: 'Permissions',
      cell: ({ row }) => {
        const count = row.original.permissions.length;
        return (
          <SimpleTooltip
            label={inCatalogOrder(row.original.permissions)
              .map((k) => permissionTitle(k))
              .join(', ')}
          >
            <Badge tabIndex={0}>
              {count} {count === 1 ? 'permission' : 'permissions'}
            </Badge>
          </SimpleTooltip>
        );
      },
    },
    {
      id: 'created',
      header: 'Created',
      accessorKey: 'createdAt',
      sortDescFirst: true,
      cell: ({ row }) => (
        <div className="flex flex-col">
          <TableDate iso={row.original.createdAt} />
          <span className="text-xs text-muted-foreground">
            {row.original.createdBy ? `by ${row.original.createdBy.name}` : 'by a deleted user'}
          </span>
        </div>
      ),
    },
    {
      id: 'last_used',
      header: 'Last used',
      accessorKey: 'lastUsedAt',
      sortDescFirst: true,
      cell: ({ row }) => <TableDate iso={row.original.lastUsedAt} fallback="Never" />,
    },
    {
      id: 'expires',
      header: 'Expires',
      accessorKey: 'expiresAt',
      cell: ({ row }) => <TableDate iso={row.original.expiresAt} fallback="Never" />,
    },
    { id: 'status', header: 'Status', accessorKey: 'status', cell: ({ row }) => <StatusBadge status={row.original.status} /> },
  ];
  if (canManage) {
    columns.push({
      id: 'actions',
      header: () => <span className="sr-only">Actions</span>,
      meta: { actions: true, label: 'Actions', cellClassName: 'md:text-right' },
      cell: ({ row }) =>
        row.original.status === 'revoked' ? null : (
          <Button size="sm" variant="secondary" onClick={() => onRevoke(row.original)} aria-label={`Revoke ${row.original.name}`}>
            Revoke
          </Button>
        ),
    });
  }
  return columns;
}

/** The tenant's API keys: list (status filter and order kept in the URL, `?status=`, `?sort=&dir=`; cursor pages), create, revoke. */
export function ApiKeysPanel({ tenant, canManage, held }: ApiKeysPanelProps) {
  const list = useListParams();
  const sort = useTableSort(apiKeySortOptions);
  const filters = readApiKeyListFilters(list.params);
  const { status } = filters;
  const queryClient = useQueryClient();
  const base = `/api/v1/tenants/${encodeURIComponent(tenant)}/api-keys`;

  const keys = useInfiniteQuery({
    queryKey: apiKeysListKey(tenant, filters),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const params = new URLSearchParams(apiKeyListQuery(filters));
      if (pageParam) params.set('cursor', pageParam);
      return api<ApiKeyList>(`${base}?${params}`);
    },
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = React.useMemo(() => keys.data?.pages.flatMap((page) => page.data), [keys.data]);

  const [creating, setCreating] = React.useState(false);
  const [pending, setPending] = React.useState<ApiKeyView | null>(null);

  const revoke = useMutation({
    mutationFn: (key: ApiKeyView) => api<void>(`${base}/${key.id}`, { method: 'DELETE' }),
    onSuccess: (_data, key) => {
      setPending(null);
      toast({ title: 'API key revoked', description: `“${key.name}” stops working on its next request.`, tone: 'success' });
      void queryClient.invalidateQueries({ queryKey: apiKeysKey(tenant) });
    },
    onError: (error) => {
      toast({ tone: 'error', title: 'Could not revoke the key', description: error.message });
    },
  });

  const setStatus = (value: string) => list.set('status', value);
  const columns = React.useMemo(() => keyColumns(canManage, setPending), [canManage]);

  const createButton = canManage ? (
    <Button variant="primary" onClick={() => setCreating(true)}>
      <Plus aria-hidden="true" />
      Create API key
    </Button>
  ) : null;

  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="API keys"
        description="Keys let scripts and other systems call this tenant's API for the person who created them, with chosen permissions and never more than that person holds."
        actions={createButton}
      />

      <DataTable
        label="API keys"
        columns={columns}
        data={rows}
        getRowId={(key) => key.id}
        sort={sort}
        sortMode="server"
        columnPicker="api-keys"
        cardsBelow="lg"
        query={keys}
        pages={keys}
        skeletonRows={3}
        rowTestId="api-key-row"
        toolbar={
          <div className="flex flex-wrap items-center gap-2">
            <label htmlFor="api-key-status" className="text-[13px] text-muted-foreground">
              Status
            </label>
            <select
              id="api-key-status"
              className={cn(controlClasses, 'h-8 w-44')}
              value={status}
              onChange={(e) => setStatus(e.target.value)}
            >
              {Object.entries(STATUS_LABELS).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </div>
        }
        empty={
          <EmptyState
            icon={<KeyRound />}
            title={status ? `No ${STATUS_LABELS[status].toLowerCase()} API keys` : 'No API keys yet'}
            action={
              status ? (
                <Button onClick={() => setStatus('')}>Show all keys</Button>
              ) : canManage ? (
                <Button onClick={() => setCreating(true)}>
                  <Plus aria-hidden="true" />
                  Create API key
                </Button>
              ) : null
            }
          >
            {status
              ? 'Choose another status to see the other keys.'
              : canManage
                ? 'Create a key for each script or system that calls the API, with only the permissions it needs.'
                : 'Keys created by administrators appear here.'}
          </EmptyState>
        }
      />

      {canManage ? (
        <CreateApiKeyDialog
          tenant={tenant}
          held={held}
          open={creating}
          onOpenChange={setCreating}
          onCreated={() => void queryClient.invalidateQueries({ queryKey: apiKeysKey(tenant) })}
        />
      ) : null}

      <Dialog open={pending !== null} onOpenChange={(open) => (open || revoke.isPending ? undefined : setPending(null))}>
        <DialogContent className="max-w-md">
          <DialogHeader>
            <DialogTitle>Revoke “{pending?.name}”?</DialogTitle>
            <DialogDescription>
              Anything using the key <span className="font-mono">ck_{pending?.prefix}_…</span> is refused from its next request on. This
              cannot be undone.
            </DialogDescription>
          </DialogHeader>
          <DialogFooter>
            <DialogClose asChild>
              <Button disabled={revoke.isPending}>Cancel</Button>
            </DialogClose>
            <Button variant="destructive" pending={revoke.isPending} onClick={() => pending && revoke.mutate(pending)}>
              Revoke key
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </div>
  );
}
