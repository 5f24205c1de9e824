'use client';

import * as React from 'react';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { KeyRound, Plus } from 'lucide-react';
import { Badge, StatusBadge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { EmptyState } from '@/components/ui/empty-state';
import { cn } from '@/components/ui/cn';
import { controlClasses } from '@/components/ui/input';
import { PageHeader } from '@/components/ui/page-header';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { toast } from '@/components/ui/toast';
import { SimpleTooltip } from '@/components/ui/tooltip';
import { SortableHead } from '@/components/ui/sortable-head';
import { oneOf, useListParams } from '@/components/ui/use-list-params';
import { API_KEY_SORTS, type ApiKeyList, type ApiKeySort, type ApiKeyStatus, type ApiKeyView } from '@/lib/access/api-key-schemas';
import { api } from './api';
import { CreateApiKeyDialog } from './create-api-key-dialog';
import { ListSkeleton, LoadFailed, LoadMore } from '@/components/ui/list-parts';

export type ApiKeysPanelProps = {
  tenant: string;
  /** The member may create and revoke keys (`api_keys.manage`). */
  canManage: boolean;
  /** The member's own permissions: the scopes a new key may hold. */
  held: readonly string[];
};

const STATUSES: ReadonlyArray<{ value: '' | ApiKeyStatus; label: string }> = [
  { value: '', label: 'All statuses' },
  { value: 'active', label: 'Active' },
  { value: 'expired', label: 'Expired' },
  { value: 'revoked', label: 'Revoked' },
];

const ORDERS: Record<ApiKeySort, string> = { created: 'Newest first', name: 'Name A–Z', last_used: 'Recently used' };

/** The tenant's API keys: list (status filter and order kept in the URL, `?status=`, `?sort=`; cursor pages), create, revoke. */
export function ApiKeysPanel({ tenant, canManage, held }: ApiKeysPanelProps) {
  const list = useListParams();
  const rawStatus = list.params.get('status') ?? '';
  const status = STATUSES.some((s) => s.value === rawStatus) ? (rawStatus as '' | ApiKeyStatus) : '';
  const sort = oneOf(list.params.get('sort'), API_KEY_SORTS);
  const queryClient = useQueryClient();
  const base = `/api/v1/tenants/${encodeURIComponent(tenant)}/api-keys`;
  const queryKey = ['tenants', tenant, 'api-keys', status, sort] as const;

  const keys = useInfiniteQuery({
    queryKey,
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const params = new URLSearchParams({ limit: '50' });
      if (status) params.set('status', status);
      if (sort !== 'created') params.set('sort', sort);
      if (pageParam) params.set('cursor', pageParam);
      return api<ApiKeyList>(`${base}?${params}`);
    },
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = keys.data?.pages.flatMap((page) => page.data) ?? [];

  const [creating, setCreating] = React.useState(false);
  const [pending, setPending] = React.useState<ApiKeyView | null>(null);

  const revoke = useMutation({
    mutationFn: (key: ApiKeyView) => api<void>(`${base}/${key.id}`, { method: 'DELETE' }),
    onSuccess: (_data, key) => {
      setPending(null);
      toast({ title: 'API key revoked', description: `“${key.name}” stops working on its next request.`, tone: 'success' });
      void queryClient.invalidateQueries({ queryKey: ['tenants', tenant, 'api-keys'] });
    },
    onError: (error) => {
      toast({ tone: 'error', title: 'Could not revoke the key', description: error.message });
    },
  });

  const setStatus = (value: string) => list.set('status', value);
  const setSort = (value: ApiKeySort) => list.set('sort', value === 'created' ? '' : value);

  const createButton = canManage ? (
    <Button variant="primary" onClick={() => setCreating(true)}>
      <Plus aria-hidden="true" />
      Create API key
    </Button>
  ) : null;

  return (
    <div className="grid gap-5">
      <PageHeader
        title="API keys"
        description="Keys let scripts and other systems call this tenant's API for the person who created them, with chosen permissions and never more than that person holds."
        actions={createButton}
      />

      <div className="flex flex-wrap items-center gap-2">
        <label htmlFor="api-key-status" className="text-[13px] text-muted-foreground">
          Status
        </label>
        <select id="api-key-status" className={cn(controlClasses, 'h-8 w-44')} value={status} onChange={(e) => setStatus(e.target.value)}>
          {STATUSES.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
        <label htmlFor="api-key-sort" className="ml-2 text-[13px] text-muted-foreground">
          Order
        </label>
        <select
          id="api-key-sort"
          className={cn(controlClasses, 'h-8 w-40')}
          value={sort}
          onChange={(e) => setSort(e.target.value as ApiKeySort)}
        >
          {API_KEY_SORTS.map((value) => (
            <option key={value} value={value}>
              {ORDERS[value]}
            </option>
          ))}
        </select>
      </div>

      {keys.isPending ? (
        <KeysSkeleton />
      ) : keys.isError ? (
        <LoadFailed title="The API keys could not be loaded." query={keys} />
      ) : rows.length === 0 ? (
        <EmptyState
          icon={<KeyRound />}
          title={status ? `No ${status} API keys` : 'No API keys yet'}
          action={status ? <Button onClick={() => setStatus('')}>Show all keys</Button> : createButton}
        >
          {status
            ? 'Choose another status to see the other keys.'
            : canManage
              ? 'Create a key for each script or system that calls the API, with only the permissions it needs.'
              : 'Keys created by administrators appear here.'}
        </EmptyState>
      ) : (
        <div className="grid gap-3">
          <Table aria-label="API keys">
            <TableHeader>
              <TableRow>
                <SortableHead label="Name" active={sort === 'name'} direction="ascending" onSort={() => setSort('name')} />
                <TableHead>Prefix</TableHead>
                <TableHead>Permissions</TableHead>
                <SortableHead label="Created" active={sort === 'created'} direction="descending" onSort={() => setSort('created')} />
                <SortableHead label="Last used" active={sort === 'last_used'} direction="descending" onSort={() => setSort('last_used')} />
                <TableHead>Expires</TableHead>
                <TableHead>Status</TableHead>
                {canManage ? (
                  <TableHead className="text-right">
                    <span className="sr-only">Actions</span>
                  </TableHead>
                ) : null}
              </TableRow>
            </TableHeader>
            <TableBody>
              {rows.map((key) => (
                <TableRow key={key.id} data-testid="api-key-row">
                  <TableCell className="font-medium">{key.name}</TableCell>
                  <TableCell className="font-mono text-xs whitespace-nowrap">ck_{key.prefix}_…</TableCell>
                  <TableCell>
                    <SimpleTooltip label={key.permissions.join(', ')}>
                      <Badge tabIndex={0}>
                        {key.permissions.length} {key.permissions.length === 1 ? 'permission' : 'permissions'}
                      </Badge>
                    </SimpleTooltip>
                  </TableCell>
                  <TableCell>
                    <div className="flex flex-col">
                      <LocalTime iso={key.createdAt} />
                      <span className="text-xs text-muted-foreground">
                        {key.createdBy ? `by ${key.createdBy.name}` : 'by a deleted user'}
                      </span>
                    </div>
                  </TableCell>
                  <TableCell>
                    {key.lastUsedAt ? <LocalTime iso={key.lastUsedAt} /> : <span className="text-muted-foreground">Never</span>}
                  </TableCell>
                  <TableCell>
                    {key.expiresAt ? <LocalTime iso={key.expiresAt} /> : <span className="text-muted-foreground">Never</span>}
                  </TableCell>
                  <TableCell>
                    <StatusBadge status={key.status} />
                  </TableCell>
                  {canManage ? (
                    <TableCell className="text-right">
                      {key.status === 'revoked' ? null : (
                        <Button size="sm" variant="secondary" onClick={() => setPending(key)} aria-label={`Revoke ${key.name}`}>
                          Revoke
                        </Button>
                      )}
                    </TableCell>
                  ) : null}
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <LoadMore pages={keys} />
        </div>
      )}

      {canManage ? (
        <CreateApiKeyDialog
          tenant={tenant}
          held={held}
          open={creating}
          onOpenChange={setCreating}
          onCreated={() => void queryClient.invalidateQueries({ queryKey: ['tenants', tenant, 'api-keys'] })}
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

function LocalTime({ iso }: { iso: string }) {
  const date = new Date(iso);
  const local = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
  const utc = `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return (
    <SimpleTooltip label={utc}>
      <time dateTime={iso} tabIndex={0} className="rounded-sm whitespace-nowrap focus-visible:outline-2 focus-visible:outline-ring">
        {local}
      </time>
    </SimpleTooltip>
  );
}

function KeysSkeleton() {
  return (
    <ListSkeleton
      label="Loading API keys"
      rows={3}
      className="rounded-lg border border-border"
      cells={['h-4 w-40', 'h-4 w-24', 'hidden h-4 w-20 sm:block', 'hidden h-4 w-32 md:block', 'ml-auto h-7 w-16']}
    />
  );
}
