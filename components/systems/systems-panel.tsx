'use client';

import * as React from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Plus, RotateCw, Waypoints } from 'lucide-react';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent } from '@/components/ui/card';
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { EmptyState } from '@/components/ui/empty-state';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { PageHeader } from '@/components/ui/page-header';
import { Skeleton } from '@/components/ui/skeleton';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { Textarea } from '@/components/ui/textarea';
import { toast } from '@/components/ui/toast';
import { createSystemSchema } from '@/lib/access/role-schemas';
import { fieldErrors } from '@/lib/validation';
import { api, fieldErrorMap, type System } from '@/components/roles/api';

type Page = { data: System[]; nextCursor: string | null };

/** Downstream systems: register one with its permission keys, list them (cursor pages), delete one. */
export function SystemsPanel({ tenant, permissions }: { tenant: string; permissions: string[] }) {
  const manage = permissions.includes('systems.manage');
  const queryClient = useQueryClient();
  const [cursors, setCursors] = React.useState<string[]>([]);
  const cursor = cursors.at(-1);
  const key = ['tenant', tenant, 'systems', 'page', cursor ?? ''] as const;
  const list = useQuery({
    queryKey: key,
    queryFn: () => api<Page>(`/api/v1/tenants/${tenant}/systems?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`),
  });
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
        actions={manage ? <Button onClick={() => setCreating(true)}><Plus aria-hidden="true" /> Register system</Button> : null}
      />
      {list.isPending ? (
        <div aria-busy="true" aria-label="Loading systems" className="grid gap-3">
          {[0, 1, 2].map((i) => <Skeleton key={i} className="h-8 w-full" />)}
        </div>
      ) : list.isError ? (
        <Alert tone="danger" role="alert" title="The systems could not be loaded.">
          <span>{list.error.message} </span>
          <Button variant="link" size="sm" onClick={() => void list.refetch()} pending={list.isFetching}>
            <RotateCw aria-hidden="true" /> Try again
          </Button>
        </Alert>
      ) : list.data.data.length === 0 && !cursor ? (
        <EmptyState icon={<Waypoints />} title="No systems registered" action={manage ? <Button onClick={() => setCreating(true)}>Register system</Button> : null}>
          Register a downstream service with its permission keys, then create roles for it on the Roles page.
        </EmptyState>
      ) : (
        <Card>
          <CardContent className="px-0 pb-0">
            <Table aria-label="Systems">
              <TableHeader>
                <TableRow>
                  <TableHead>System</TableHead>
                  <TableHead>Slug</TableHead>
                  <TableHead>Permission keys</TableHead>
                  <TableHead>Roles</TableHead>
                  <TableHead className="text-right"><span className="sr-only">Actions</span></TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {list.data.data.map((s) => (
                  <TableRow key={s.id} data-testid="system-row">
                    <TableCell>
                      <div className="font-medium">{s.name}</div>
                      {s.description ? <div className="text-xs text-muted-foreground">{s.description}</div> : null}
                    </TableCell>
                    <TableCell><Badge tone="accent">{s.slug}</Badge></TableCell>
                    <TableCell className="max-w-md font-mono text-xs">{s.permissions.join(', ') || '—'}</TableCell>
                    <TableCell>{s.roleCount}</TableCell>
                    <TableCell className="text-right">
                      {manage ? <Button size="sm" variant="secondary" onClick={() => setDeleting(s)} aria-label={`Delete system ${s.slug}`}>Delete</Button> : null}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            <div className="flex justify-end gap-2 border-t border-border p-2">
              <Button size="sm" variant="secondary" disabled={cursors.length === 0} onClick={() => setCursors((c) => c.slice(0, -1))}>Previous</Button>
              <Button size="sm" variant="secondary" disabled={!list.data.nextCursor} onClick={() => list.data.nextCursor && setCursors((c) => [...c, list.data.nextCursor!])}>Next</Button>
            </div>
          </CardContent>
        </Card>
      )}

      {manage ? <RegisterSystemDialog open={creating} onOpenChange={setCreating} tenant={tenant} onCreated={() => void queryClient.invalidateQueries({ queryKey: ['tenant', tenant, 'systems'] })} /> : null}

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
            <DialogClose asChild><Button disabled={remove.isPending}>Cancel</Button></DialogClose>
            <Button variant="destructive" pending={remove.isPending} disabled={!!deleting && deleting.roleCount > 0} onClick={() => deleting && remove.mutate(deleting)}>
              Delete system
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </div>
  );
}

function RegisterSystemDialog({ open, onOpenChange, tenant, onCreated }: { open: boolean; onOpenChange: (o: boolean) => void; tenant: string; onCreated: () => void }) {
  const [slug, setSlug] = React.useState('');
  const [name, setName] = React.useState('');
  const [description, setDescription] = React.useState('');
  const [keys, setKeys] = React.useState('');
  const [errors, setErrors] = React.useState<Record<string, string>>({});
  const reset = () => { setSlug(''); setName(''); setDescription(''); setKeys(''); setErrors({}); };

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
      permissions: keys.split(/[\s,]+/).map((k) => k.trim()).filter(Boolean),
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
            <Textarea value={keys} onChange={(e) => setKeys(e.target.value)} rows={4} placeholder={'orders.read\norders.approve'} className="font-mono text-xs" />
          </FormField>
          <DialogFooter>
            <DialogClose asChild><Button type="button" disabled={create.isPending}>Cancel</Button></DialogClose>
            <Button type="submit" pending={create.isPending}>Register system</Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
