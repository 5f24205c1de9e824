'use client';

import * as React from 'react';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { Building2, MoreHorizontal, Plus, RotateCw, Search } from 'lucide-react';
import { Alert } from '@/components/ui/alert';
import { Badge, StatusBadge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuSeparator, DropdownMenuTrigger } from '@/components/ui/dropdown-menu';
import { EmptyState } from '@/components/ui/empty-state';
import { FormField } from '@/components/ui/form-field';
import { controlClasses, Input } from '@/components/ui/input';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { toast } from '@/components/ui/toast';
import { adminCreateTenantSchema, type AdminTenant } from '@/lib/platform-admin/schemas';
import { fieldErrors } from '@/lib/validation';
import { LocalTime } from './local-time';
import { ApiError, api, errorsByField } from './api';
import { ListSkeleton, LoadMore } from '@/components/ui/list-parts';
import { seatsFull } from '@/lib/invitations/policy';

type Page = { data: AdminTenant[]; nextCursor: string | null };

/** The plans of migrations/0001 (the API checks the id; these are for the pickers). */
export const PLANS = [
  { id: 'starter', name: 'Starter', seatLimit: 5 },
  { id: 'team', name: 'Team', seatLimit: 25 },
  { id: 'enterprise', name: 'Enterprise', seatLimit: null },
] as const;

const planTone = (id: string) => (id === 'enterprise' ? 'accent' : id === 'team' ? 'info' : 'neutral');

type Pending = { kind: 'plan' | 'status' | 'wipe'; tenant: AdminTenant } | null;

/** All tenants: search (in the URL), plan and status badges, seats; create, change plan, suspend, wipe out. */
export function TenantsTable() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const q = params.get('q') ?? '';
  const [search, setSearch] = React.useState(q);
  React.useEffect(() => setSearch(q), [q]);
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
            <Search aria-hidden="true" className="pointer-events-none absolute top-1/2 left-2.5 size-3.5 -translate-y-1/2 text-muted-foreground" />
            <Input id="tenant-search" type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Slug or name" className="w-64 pl-8" />
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
          action={q ? <Button onClick={() => router.replace(pathname)}>Clear the search</Button> : <Button variant="primary" onClick={() => setCreating(true)}>Create a tenant</Button>}
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
                      <Link href={`/t/${t.slug}`} className="w-fit font-mono text-xs text-muted-foreground hover:text-foreground hover:underline">
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

function useRefresh() {
  const queryClient = useQueryClient();
  return () => void queryClient.invalidateQueries({ queryKey: ['admin', 'tenants'] });
}

function PlanSelect({ value, onChange, id, name }: { value: string; onChange: (v: string) => void; id?: string; name: string }) {
  return (
    <select id={id} name={name} value={value} onChange={(e) => onChange(e.target.value)} className={controlClasses}>
      {PLANS.map((p) => (
        <option key={p.id} value={p.id}>
          {p.name} — {p.seatLimit === null ? 'unlimited seats' : `${p.seatLimit} seats`}
        </option>
      ))}
    </select>
  );
}

function CreateTenantDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const empty = { slug: '', name: '', plan: 'starter', adminEmail: '' };
  const [values, setValues] = React.useState(empty);
  const [errors, setErrors] = React.useState<Record<string, string>>({});
  const refresh = useRefresh();
  const create = useMutation({
    mutationFn: (body: typeof values) => api<AdminTenant>('/api/v1/admin/tenants', { method: 'POST', json: body }),
    onSuccess: (tenant) => {
      toast({ title: `Created ${tenant.name}`, description: `${values.adminEmail} is its admin and can sign in at /t/${tenant.slug}.` });
      setValues(empty);
      onOpenChange(false);
      refresh();
    },
    onError: (error) => {
      if (error instanceof ApiError && error.errors.length) setErrors(errorsByField(error.errors));
      else toast({ tone: 'error', title: 'Could not create the tenant', description: error.message });
    },
  });
  const set = (field: keyof typeof values) => (value: string) => setValues((v) => ({ ...v, [field]: value }));
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const parsed = adminCreateTenantSchema.safeParse(values);
    if (!parsed.success) {
      setErrors(errorsByField(fieldErrors(parsed.error)));
      return;
    }
    setErrors({});
    create.mutate(values);
  };
  return (
    <Dialog open={open} onOpenChange={(next) => (create.isPending ? undefined : onOpenChange(next))}>
      <DialogContent className="max-w-md">
        <form onSubmit={submit} noValidate className="grid gap-4">
          <DialogHeader>
            <DialogTitle>Create a tenant</DialogTitle>
            <DialogDescription>It gets the default roles. The admin must already have a verified Custos account.</DialogDescription>
          </DialogHeader>
          <FormField label="Name" error={errors.name}>
            <Input name="name" value={values.name} onChange={(e) => set('name')(e.target.value)} />
          </FormField>
          <FormField label="Address (slug)" description="Lowercase letters, digits and hyphens: /t/your-slug." error={errors.slug}>
            <Input name="slug" value={values.slug} onChange={(e) => set('slug')(e.target.value.toLowerCase())} className="font-mono" />
          </FormField>
          <FormField label="Plan" error={errors.plan}>
            <PlanSelect name="plan" value={values.plan} onChange={set('plan')} />
          </FormField>
          <FormField label="Admin's email" error={errors.adminEmail}>
            <Input name="adminEmail" type="email" value={values.adminEmail} onChange={(e) => set('adminEmail')(e.target.value)} />
          </FormField>
          <DialogFooter>
            <DialogClose asChild>
              <Button type="button" disabled={create.isPending}>
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" variant="primary" pending={create.isPending}>
              Create tenant
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

function usePatch(onDone: () => void) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ slug, body }: { slug: string; body: { plan?: string; status?: string } }) =>
      api<AdminTenant>(`/api/v1/admin/tenants/${slug}`, { method: 'PATCH', json: body }),
    onSettled: refresh,
    onSuccess: onDone,
  });
}

function ChangePlanDialog({ pending, onClose }: { pending: AdminTenant | null; onClose: () => void }) {
  const [plan, setPlan] = React.useState('starter');
  const [error, setError] = React.useState<string | null>(null);
  React.useEffect(() => {
    if (pending) {
      setPlan(pending.plan.id);
      setError(null);
    }
  }, [pending]);
  const patch = usePatch(onClose);
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (!pending) return;
    patch.mutate(
      { slug: pending.slug, body: { plan } },
      {
        onSuccess: (t) => toast({ title: `${t.name} is on ${t.plan.name}` }),
        onError: (e) => setError(e.message),
      },
    );
  };
  return (
    <Dialog open={pending !== null} onOpenChange={(open) => (open || patch.isPending ? undefined : onClose())}>
      <DialogContent className="max-w-md">
        <form onSubmit={submit} className="grid gap-4">
          <DialogHeader>
            <DialogTitle>Change the plan of {pending?.name}</DialogTitle>
            <DialogDescription>
              {pending ? `${pending.seats.used} seat${pending.seats.used === 1 ? '' : 's'} in use. A plan with fewer seats is refused.` : null}
            </DialogDescription>
          </DialogHeader>
          <FormField label="Plan" error={error ?? undefined}>
            <PlanSelect name="plan" value={plan} onChange={setPlan} />
          </FormField>
          <DialogFooter>
            <DialogClose asChild>
              <Button type="button" disabled={patch.isPending}>
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" variant="primary" pending={patch.isPending} disabled={plan === pending?.plan.id}>
              Change plan
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

function StatusDialog({ pending, onClose }: { pending: AdminTenant | null; onClose: () => void }) {
  const patch = usePatch(onClose);
  const suspending = pending?.status === 'active';
  return (
    <Dialog open={pending !== null} onOpenChange={(open) => (open || patch.isPending ? undefined : onClose())}>
      <DialogContent className="max-w-md">
        <DialogHeader>
          <DialogTitle>{suspending ? `Suspend ${pending?.name}?` : `Reactivate ${pending?.name}?`}</DialogTitle>
          <DialogDescription>
            {suspending
              ? 'Its members are refused on their next request (console and API) until you reactivate it. Nothing is deleted.'
              : 'Its members can work again from their next request.'}
          </DialogDescription>
        </DialogHeader>
        <DialogFooter>
          <DialogClose asChild>
            <Button disabled={patch.isPending}>Cancel</Button>
          </DialogClose>
          <Button
            variant={suspending ? 'destructive' : 'primary'}
            pending={patch.isPending}
            onClick={() =>
              pending &&
              patch.mutate(
                { slug: pending.slug, body: { status: suspending ? 'suspended' : 'active' } },
                {
                  onSuccess: (t) => toast({ title: t.status === 'suspended' ? `${t.name} is suspended` : `${t.name} is active again` }),
                  onError: (e) => toast({ tone: 'error', title: 'Could not change the status', description: e.message }),
                },
              )
            }
          >
            {suspending ? 'Suspend tenant' : 'Reactivate tenant'}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}

function WipeOutDialog({ pending, onClose }: { pending: AdminTenant | null; onClose: () => void }) {
  const [typed, setTyped] = React.useState('');
  const [error, setError] = React.useState<string | null>(null);
  React.useEffect(() => {
    setTyped('');
    setError(null);
  }, [pending]);
  const refresh = useRefresh();
  const wipe = useMutation({
    mutationFn: (slug: string) =>
      api<{ slug: string; name: string; deleted: Record<string, number> }>(`/api/v1/admin/tenants/${slug}?confirm=${encodeURIComponent(typed)}`, { method: 'DELETE' }),
    onSuccess: (result) => {
      const rows = Object.values(result.deleted).reduce((a, b) => a + b, 0);
      toast({ title: `${result.name} was wiped out`, description: `${rows} rows deleted. The platform trail records it.` });
      onClose();
      refresh();
    },
    onError: (e) => setError(e.message),
  });
  const matches = pending !== null && typed === pending.slug;
  return (
    <Dialog open={pending !== null} onOpenChange={(open) => (open || wipe.isPending ? undefined : onClose())}>
      <DialogContent className="max-w-md">
        <form
          className="grid gap-4"
          onSubmit={(e) => {
            e.preventDefault();
            if (pending && matches) wipe.mutate(pending.slug);
          }}
        >
          <DialogHeader>
            <DialogTitle>Wipe out {pending?.name}?</DialogTitle>
            <DialogDescription>
              This deletes the tenant and every row of it — {pending?.seats.used} member{pending?.seats.used === 1 ? '' : 's'}, roles, teams, API keys,
              records and its whole audit trail — in one go. It cannot be undone. People keep their accounts.
            </DialogDescription>
          </DialogHeader>
          <FormField label={<>Type <span className="font-mono">{pending?.slug}</span> to confirm</>} error={error ?? undefined}>
            <Input name="confirm" value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" spellCheck={false} className="font-mono" />
          </FormField>
          <DialogFooter>
            <DialogClose asChild>
              <Button type="button" disabled={wipe.isPending}>
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" variant="destructive" pending={wipe.isPending} disabled={!matches}>
              Wipe out tenant
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

function TableSkeleton() {
  return <ListSkeleton label="Loading tenants" rows={4} className="rounded-lg border border-border" cells={['h-4 w-48', 'h-4 w-16', 'h-4 w-16', 'ml-auto h-4 w-12']} />;
}
