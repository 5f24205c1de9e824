'use client';

import * as React from 'react';
import Link from 'next/link';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, fetchAll, type Role } from '@/components/roles/api';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { PageHeader } from '@/components/ui/page-header';
import { Skeleton } from '@/components/ui/skeleton';
import { toast } from '@/components/ui/toast';
import { RecentSignIns } from './recent-sign-ins';
import { SystemClients } from './system-clients';
import { CopyValue } from './system-clients-secret';
import { systemsKey } from './api';
import { systemDetailKey, systemPath, systemRolesKey, type SystemDetail } from './system-page-api';

/**
 * One downstream system: its name, slug, description and state (with an on/off switch for `systems.manage`), its
 * permission keys and roles, the discovery address to configure it with, its OpenID clients and its recent sign-ins.
 */
export function SystemPage({
  tenant,
  slug,
  permissions,
  discoveryUrl,
  back,
}: {
  tenant: string;
  slug: string;
  permissions: readonly string[];
  discoveryUrl: string;
  back: React.ReactNode;
}) {
  const manage = permissions.includes('systems.manage');
  const system = useQuery({ queryKey: systemDetailKey(tenant, slug), queryFn: () => api<SystemDetail>(systemPath(tenant, slug)) });
  const data = system.data;
  if (!data) {
    return (
      <div className="flex flex-col gap-6">
        <PageHeader eyebrow={back} title={slug} />
        {system.isError ? <p role="alert">The system could not be loaded: {system.error.message}</p> : <Skeleton className="h-40 w-full" />}
      </div>
    );
  }
  // Until the systems API carries `active`, every system counts as active.
  const active = data.active ?? true;
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        eyebrow={back}
        title={data.name}
        meta={
          <>
            <Badge tone="accent">{data.slug}</Badge>
            <Badge tone={active ? 'success' : 'neutral'} dot data-testid="system-state">
              {active ? 'Active' : 'Inactive'}
            </Badge>
          </>
        }
        description={data.description ?? undefined}
        actions={manage && data.active !== undefined ? <ActiveSwitch tenant={tenant} system={data} /> : null}
      />
      {active ? null : (
        <p className="rounded-lg border border-warning/30 bg-warning/10 px-4 py-3 text-sm">
          This system is inactive: its OpenID clients are refused and its permission checks answer no.
        </p>
      )}
      <div className="grid gap-6 lg:grid-cols-2">
        <Card aria-labelledby="system-keys-title">
          <CardHeader className="flex-col gap-1">
            <CardTitle id="system-keys-title">Permission keys</CardTitle>
            <CardDescription>What roles can grant in this system, as slug:resource.action.</CardDescription>
          </CardHeader>
          <CardContent>
            {data.permissions.length === 0 ? (
              <p className="text-sm text-muted-foreground">No keys yet.</p>
            ) : (
              <ul className="flex flex-wrap gap-1.5">
                {data.permissions.map((key) => (
                  <li key={key}>
                    <code className="rounded bg-muted px-1.5 py-0.5 font-mono text-xs break-all">{key}</code>
                  </li>
                ))}
              </ul>
            )}
          </CardContent>
        </Card>
        <SystemRoles tenant={tenant} slug={slug} canRead={permissions.includes('roles.read')} />
      </div>
      <Card aria-labelledby="system-issuer-title">
        <CardHeader className="flex-col gap-1">
          <CardTitle id="system-issuer-title">Configure the system</CardTitle>
          <CardDescription>
            Give the system this discovery address with a client id (and secret) below: it finds every endpoint and the signing keys there.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <CopyValue label="Discovery URL" value={discoveryUrl} testId="discovery-url" />
        </CardContent>
      </Card>
      <SystemClients tenant={tenant} slug={slug} manage={manage} systemActive={active} />
      <RecentSignIns tenant={tenant} slug={slug} systemId={data.id} canReadAudit={permissions.includes('audit.read')} />
    </div>
  );
}

/** The roles scoped to this system, with how many keys each grants. */
function SystemRoles({ tenant, slug, canRead }: { tenant: string; slug: string; canRead: boolean }) {
  const roles = useQuery({
    queryKey: systemRolesKey(tenant, slug),
    queryFn: () =>
      fetchAll<Role>(`/api/v1/tenants/${encodeURIComponent(tenant)}/roles`).then((all) => all.filter((r) => r.system?.slug === slug)),
    enabled: canRead,
  });
  return (
    <Card aria-labelledby="system-roles-title">
      <CardHeader className="flex-col gap-1">
        <CardTitle id="system-roles-title">Roles</CardTitle>
        <CardDescription>
          Roles scoped to this system; manage them on the{' '}
          <Link href={`/t/${tenant}/roles`} className="text-link underline underline-offset-2">
            Roles page
          </Link>
          .
        </CardDescription>
      </CardHeader>
      <CardContent>
        {!canRead ? <p className="text-sm text-muted-foreground">Seeing roles needs the permission to read roles.</p> : null}
        {canRead && roles.isPending ? <Skeleton className="h-12 w-full" /> : null}
        {roles.isError ? <p className="text-sm text-danger">The roles could not be loaded: {roles.error.message}</p> : null}
        {roles.data?.length === 0 ? <p className="text-sm text-muted-foreground">No role is scoped to this system yet.</p> : null}
        {roles.data?.length ? (
          <ul className="grid gap-2" data-testid="system-roles">
            {roles.data.map((r) => (
              <li key={r.id} className="flex flex-wrap items-baseline justify-between gap-2 text-sm">
                <span className="font-medium">{r.name}</span>
                <span className="text-xs text-muted-foreground">
                  {r.permissions.length} key{r.permissions.length === 1 ? '' : 's'} · {r.memberCount} member{r.memberCount === 1 ? '' : 's'}
                </span>
              </li>
            ))}
          </ul>
        ) : null}
      </CardContent>
    </Card>
  );
}

/** Turn the system on or off, after saying what that does. */
function ActiveSwitch({ tenant, system }: { tenant: string; system: SystemDetail }) {
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = React.useState(false);
  const next = !system.active;
  const change = useMutation({
    mutationFn: () => api<SystemDetail>(systemPath(tenant, system.slug), { method: 'PATCH', json: { active: next } }),
    onSuccess: (s) => {
      setConfirming(false);
      toast({ tone: 'success', title: s.active ? `${s.name} is active` : `${s.name} is inactive` });
      void queryClient.invalidateQueries({ queryKey: systemsKey(tenant) });
    },
    onError: (error) => toast({ tone: 'error', title: 'The system was not changed', description: error.message }),
  });
  return (
    <>
      <Button variant="secondary" onClick={() => setConfirming(true)}>
        {system.active ? 'Deactivate' : 'Activate'}
      </Button>
      <Dialog open={confirming} onOpenChange={(open) => (open || change.isPending ? undefined : setConfirming(false))}>
        <DialogContent className="max-w-md">
          <DialogHeader>
            <DialogTitle>{next ? `Activate ${system.name}?` : `Deactivate ${system.name}?`}</DialogTitle>
            <DialogDescription>
              {next
                ? 'Its OpenID clients work again and its permission checks answer from its roles.'
                : 'Its OpenID clients are refused at once (no sign-ins, no new tokens) and its permission checks answer no. Its clients, roles and keys are kept.'}
            </DialogDescription>
          </DialogHeader>
          <DialogFooter>
            <DialogClose asChild>
              <Button disabled={change.isPending}>Cancel</Button>
            </DialogClose>
            <Button variant={next ? 'primary' : 'destructive'} pending={change.isPending} onClick={() => change.mutate()}>
              {next ? 'Activate' : 'Deactivate'}
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </>
  );
}
