'use client';

import * as React from 'react';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { Plus, RotateCw, Search, Waypoints } from 'lucide-react';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent } from '@/components/ui/card';
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { EmptyState } from '@/components/ui/empty-state';
import { FormField } from '@/components/ui/form-field';
import { Input, controlClasses } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { PageHeader } from '@/components/ui/page-header';
import { Skeleton } from '@/components/ui/skeleton';
import { SortableHead } from '@/components/ui/sortable-head';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { Textarea } from '@/components/ui/textarea';
import { toast } from '@/components/ui/toast';
import { oneOf, useListParams, useSearchBox } from '@/components/ui/use-list-params';
import { cn } from '@/components/ui/cn';
import { createSystemSchema, SYSTEM_SORTS, type SystemSort } from '@/lib/access/role-schemas';
import { fieldErrors } from '@/lib/validation';
import { api, fieldErrorMap, type System } from '@/components/roles/api';
import { LoadMore } from '@/components/ui/list-parts';

type Page = { data: System[]; nextCursor: string | null };

const ORDERS: Record<SystemSort, string> = { slug: 'Slug A–Z', name: 'Name A–Z', created: 'Newest first' };

/**
 * Downstream systems: register one with its permission keys, list them (search and order kept in the URL,
 * `?q=`, `?sort=`; cursor pages, "Load more"), delete one.
 */
export function SystemsPanel({ tenant, permissions }: { tenant: string; permissions: string[] }) {
  const manage = permissions.includes('systems.manage');
  const queryClient = useQueryClient();
  const filters = useListParams();
  const [search, setSearch] = useSearchBox(filters);
  const q = filters.params.get('q') ?? '';
  const sort = oneOf(filters.params.get('sort'), SYSTEM_SORTS);
  const setSort = (value: SystemSort) => filters.set('sort', value === 'slug' ? '' : value);
  const list = useInfiniteQuery({
    queryKey: ['tenant', tenant, 'systems', 'list', { q, sort }],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const qs = new URLSearchParams({ limit: '50' });
      if (q) qs.set('q', q);
      if (sort !== 'slug') qs.set('sort', sort);
      if (pageParam) qs.set('cursor', pageParam);
      return api<Page>(`/api/v1/tenants/${tenant}/systems?${qs}`);
    },
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = list.data?.pages.flatMap((p) => p.data) ?? [];
  const [creating, setCreating] = React.useState(false);
  const [deleting, setDeleting] = React.useState<System | null>(null);

  const remove = useMutation({
    mutationFn: (s: System) => api<void>(`/api/v1/tenants/${tenant}/systems/${s.slug}`, { method: 'DELETE' }),
    onSuccess: (_d, s) => {
      setDeleting(null);
      toast({ title: `System ${s.slug} deleted`, tone: 'success' });
      void queryClient.invalidateQueries({ queryKey: ['tenant', tenant, 'systems'] });
    },
    onError: (error) => toast({ tone: 'error', title: 'Could not delete the system', description: error.message }),
  });

  return (
    <div className="grid gap-6">
      <PageHeader
        title="Systems"
        description="Downstream services that use Custos for their own permissions. Each registers keys as slug:resource.action; roles can be scoped to a system, and API calls name one with the X-System-Slug header."
        actions={
          manage ? (
            <Button onClick={() => setCreating(true)}>
              <Plus aria-hidden="true" /> Register system
            </Button>
          ) : null
        }
      />
      <div className="flex flex-col gap-2 sm:flex-row sm:items-end">
        <div className="grid gap-1.5 sm:w-72">
          <Label htmlFor="systems-search">Search</Label>
          <div className="relative">
            <Search
              aria-hidden="true"
              className="pointer-events-none absolute top-1/2 left-2.5 size-3.5 -translate-y-1/2 text-muted-foreground"
            />
            <Input
              id="systems-search"
              type="search"
              placeholder="Slug or name"
              className="pl-8"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
            />
          </div>
        </div>
        <div className="grid gap-1.5 sm:w-40">
          <Label htmlFor="systems-sort">Order</Label>
          <select
            id="systems-sort"
            className={cn(controlClasses, 'h-8')}
            value={sort}
            onChange={(e) => setSort(e.target.value as SystemSort)}
          >
            {SYSTEM_SORTS.map((value) => (
              <option key={value} value={value}>
                {ORDERS[value]}
              </option>
            ))}
          </select>
        </div>
        {q ? (
          <Button variant="ghost" size="sm" className="sm:mb-0.5" onClick={filters.clear}>
            Clear filters
          </Button>
        ) : null}
      </div>
      {list.isPending ? (
        <div aria-busy="true" aria-label="Loading systems" className="grid gap-3">
          {[0, 1, 2].map((i) => (
            <Skeleton key={i} className="h-8 w-full" />
          ))}
        </div>
      ) : list.isError ? (
        <Alert tone="danger" role="alert" title="The systems could not be loaded.">
          <span>{list.error.message} </span>
          <Button variant="link" size="sm" onClick={() => void list.refetch()} pending={list.isFetching}>
            <RotateCw aria-hidden="true" /> Try again
          </Button>
        </Alert>
      ) : rows.length === 0 && q ? (
        <EmptyState icon={<Waypoints />} title="No system matches" action={<Button onClick={filters.clear}>Clear filters</Button>}>
          Try another part of the slug or name.
        </EmptyState>
      ) : rows.length === 0 ? (
        <EmptyState
          icon={<Waypoints />}
          title="No systems registered"
          action={manage ? <Button onClick={() => setCreating(true)}>Register system</Button> : null}
        >
          Register a downstream service with its permission keys, then create roles for it on the Roles page.
        </EmptyState>
      ) : (
        <Card>
          <CardContent className="px-0 pb-0">
            <Table aria-label="Systems">
              <TableHeader>
                <TableRow>
                  <SortableHead label="System" active={sort === 'name'} direction="ascending" onSort={() => setSort('name')} />
                  <SortableHead label="Slug" active={sort === 'slug'} direction="ascending" onSort={() => setSort('slug')} />
                  <TableHead>Permission keys</TableHead>
                  <TableHead>Roles</TableHead>
                  <TableHead className="text-right">
                    <span className="sr-only">Actions</span>
                  </TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {rows.map((s) => (
                  <TableRow key={s.id} data-testid="system-row">
                    <TableCell>
                      <div className="font-medium">{s.name}</div>
                      {s.description ? <div className="text-xs text-muted-foreground">{s.description}</div> : null}
                    </TableCell>
                    <TableCell>
                      <Badge tone="accent">{s.slug}</Badge>
                    </TableCell>
                    <TableCell className="max-w-md font-mono text-xs">{s.permissions.join(', ') || '—'}</TableCell>
                    <TableCell>{s.roleCount}</TableCell>
                    <TableCell className="text-right">
                      {manage ? (
                        <Button size="sm" variant="secondary" onClick={() => setDeleting(s)} aria-label={`Delete system ${s.slug}`}>
                          Delete
                        </Button>
                      ) : null}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            <LoadMore pages={list} size="sm" className="border-t border-border p-2" />
          </CardContent>
        </Card>
      )}

      {manage ? (
        <RegisterSystemDialog
          open={creating}
          onOpenChange={setCreating}
          tenant={tenant}
          onCreated={() => void queryClient.invalidateQueries({ queryKey: ['tenant', tenant, 'systems'] })}
        />
      ) : null}

      <Dialog open={deleting !== null} onOpenChange={(open) => (open || remove.isPending ? undefined : setDeleting(null))}>
        <DialogContent className="max-w-md">
          <DialogHeader>
            <DialogTitle>Delete the system {deleting?.slug}?</DialogTitle>
            <DialogDescription>
              {deleting && deleting.roleCount > 0
                ? `It still has ${deleting.roleCount} role(s). Delete those roles first; the server refuses otherwise.`
                : 'Its permission keys stop existing. The deletion is recorded in the audit trail.'}
            </DialogDescription>
          </DialogHeader>
          <DialogFooter>
            <DialogClose asChild>
              <Button disabled={remove.isPending}>Cancel</Button>
            </DialogClose>
            <Button
              variant="destructive"
              pending={remove.isPending}
              disabled={!!deleting && deleting.roleCount > 0}
              onClick={() => deleting && remove.mutate(deleting)}
            >
              Delete system
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </div>
  );
}

function RegisterSystemDialog({
  open,
  onOpenChange,
  tenant,
  onCreated,
}: {
  open: boolean;
  onOpenChange: (o: boolean) => void;
  tenant: string;
  onCreated: () => void;
}) {
  const [slug, setSlug] = React.useState('');
  const [name, setName] = React.useState('');
  const [description, setDescription] = React.useState('');
  const [keys, setKeys] = React.useState('');
  const [errors, setErrors] = React.useState<Record<string, string>>({});
  const reset = () => {
    setSlug('');
    setName('');
    setDescription('');
    setKeys('');
    setErrors({});
  };

  const create = useMutation({
    mutationFn: (body: unknown) => api<System>(`/api/v1/tenants/${tenant}/systems`, { method: 'POST', json: body }),
    onSuccess: (s) => {
      toast({ title: `System ${s.slug} registered`, description: `${s.permissions.length} permission key(s).`, tone: 'success' });
      reset();
      onOpenChange(false);
      onCreated();
    },
    onError: (error) => {
      const map = fieldErrorMap(error);
      setErrors(map);
      if (Object.keys(map).length === 0) toast({ tone: 'error', title: 'Could not register the system', description: error.message });
    },
  });

  function submit(event: React.FormEvent) {
    event.preventDefault();
    const body = {
      slug: slug.trim(),
      name,
      ...(description.trim() ? { description } : {}),
      permissions: keys
        .split(/[\s,]+/)
        .map((k) => k.trim())
        .filter(Boolean),
    };
    const parsed = createSystemSchema.safeParse(body);
    if (!parsed.success) {
      const map: Record<string, string> = {};
      for (const e of fieldErrors(parsed.error)) map[e.path.split('.')[0]] ??= e.message;
      setErrors(map);
      return;
    }
    setErrors({});
    create.mutate(parsed.data);
  }

  return (
    <Dialog open={open} onOpenChange={(o) => (create.isPending ? undefined : (onOpenChange(o), o ? undefined : reset()))}>
      <DialogContent className="max-w-lg">
        <form onSubmit={submit} noValidate className="grid gap-4">
          <DialogHeader>
            <DialogTitle>Register a system</DialogTitle>
            <DialogDescription>Its keys are stored as slug:resource.action.</DialogDescription>
          </DialogHeader>
          <FormField label="Slug" description="2–40 lowercase letters, digits and hyphens." error={errors.slug}>
            <Input value={slug} onChange={(e) => setSlug(e.target.value)} autoFocus maxLength={40} placeholder="erp" />
          </FormField>
          <FormField label="Name" error={errors.name}>
            <Input value={name} onChange={(e) => setName(e.target.value)} maxLength={100} placeholder="ERP" />
          </FormField>
          <FormField label="Description" optional error={errors.description}>
            <Textarea value={description} onChange={(e) => setDescription(e.target.value)} rows={2} maxLength={500} />
          </FormField>
          <FormField label="Permission keys" description="resource.action, separated by commas or new lines." error={errors.permissions}>
            <Textarea
              value={keys}
              onChange={(e) => setKeys(e.target.value)}
              rows={4}
              placeholder={'orders.read\norders.approve'}
              className="font-mono text-xs"
            />
          </FormField>
          <DialogFooter>
            <DialogClose asChild>
              <Button type="button" disabled={create.isPending}>
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" pending={create.isPending}>
              Register system
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
