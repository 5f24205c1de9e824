'use client';

import * as React from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Copy, KeyRound, Plus, RotateCw } from 'lucide-react';
import { api } from '@/components/roles/api';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { EmptyState } from '@/components/ui/empty-state';
import { Skeleton } from '@/components/ui/skeleton';
import { toast } from '@/components/ui/toast';
import { SsoConnectionDialog } from './sso-connection-dialog';
import { ssoConnectionsKey, type SsoConnection } from './sso-connections-api';

const TYPE_NAMES = { oidc: 'OpenID Connect', saml: 'SAML 2.0' } as const;

/**
 * The tenant's identity providers: each with the addresses to register at the IdP (copy buttons), what newcomers
 * get, and its actions (change, turn on or off, remove); a dialog adds or changes one.
 */
export function SsoConnectionsSettings({ slug, permissions }: { slug: string; permissions: readonly string[] }) {
  const queryClient = useQueryClient();
  const key = ssoConnectionsKey(slug);
  const connections = useQuery({
    queryKey: key,
    queryFn: () => api<{ items: SsoConnection[] }>(`/api/v1/tenants/${slug}/sso-connections`).then((r) => r.items),
  });
  const [editing, setEditing] = React.useState<SsoConnection | 'new' | null>(null);
  const [removing, setRemoving] = React.useState<SsoConnection | null>(null);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: key });

  const toggle = useMutation({
    mutationFn: (c: SsoConnection) =>
      api<SsoConnection>(`/api/v1/tenants/${slug}/sso-connections/${c.id}`, { method: 'PATCH', json: { enabled: !c.enabled } }),
    onSuccess: (c) => {
      toast({
        tone: 'success',
        title: c.enabled ? `${c.name} is on` : `${c.name} is off`,
        description: c.enabled ? undefined : 'New sign-ins through it stop.',
      });
      refresh();
    },
    onError: (error) => toast({ tone: 'error', title: 'The connection was not changed', description: error.message }),
  });

  return (
    <Card aria-labelledby="sso-connections-title">
      <CardHeader className="flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
        <div className="grid gap-1">
          <CardTitle id="sso-connections-title">Identity providers</CardTitle>
          <CardDescription>
            Your company sign-in (Entra ID, Okta, Google Workspace …). People signing in through it for the first time can be added as
            members with the roles you choose, within your plan&apos;s seats.
          </CardDescription>
        </div>
        <Button variant="primary" size="sm" onClick={() => setEditing('new')}>
          <Plus aria-hidden="true" />
          Add identity provider
        </Button>
      </CardHeader>
      <CardContent className="grid gap-4">
        {connections.isPending ? <Skeleton className="h-24 w-full" /> : null}
        {connections.isError ? (
          <Alert tone="danger" role="alert" title="The identity providers could not be loaded.">
            <span>{connections.error.message} </span>
            <Button variant="link" size="sm" onClick={() => void connections.refetch()} pending={connections.isFetching}>
              <RotateCw aria-hidden="true" />
              Try again
            </Button>
          </Alert>
        ) : null}
        {connections.data?.length === 0 ? (
          <EmptyState
            icon={<KeyRound />}
            title="No identity provider yet"
            headingLevel="h3"
            size="compact"
            action={
              <Button variant="primary" size="sm" onClick={() => setEditing('new')}>
                Add identity provider
              </Button>
            }
          >
            Add your company&apos;s OpenID Connect or SAML sign-in so people use their work account here.
          </EmptyState>
        ) : null}
        {connections.data?.map((c) => (
          <ConnectionCard
            key={c.id}
            connection={c}
            onEdit={() => setEditing(c)}
            onToggle={() => toggle.mutate(c)}
            toggling={toggle.isPending && toggle.variables?.id === c.id}
            onRemove={() => setRemoving(c)}
          />
        ))}
      </CardContent>
      {editing ? (
        <SsoConnectionDialog
          slug={slug}
          permissions={permissions}
          connection={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={refresh}
        />
      ) : null}
      {removing ? <RemoveDialog slug={slug} connection={removing} onClose={() => setRemoving(null)} onRemoved={refresh} /> : null}
    </Card>
  );
}

function ConnectionCard({
  connection: c,
  onEdit,
  onToggle,
  toggling,
  onRemove,
}: {
  connection: SsoConnection;
  onEdit: () => void;
  onToggle: () => void;
  toggling: boolean;
  onRemove: () => void;
}) {
  const addresses: Array<[string, string | undefined]> =
    c.type === 'oidc'
      ? [['Redirect URI to register at your provider', c.redirectUri]]
      : [
          ['Entity ID (audience)', c.spEntityId],
          ['Reply URL (ACS)', c.acsUrl],
          ['Service provider metadata', c.spMetadataUrl],
        ];
  return (
    <section aria-label={c.name} className="grid gap-3 rounded-lg border border-border p-4" data-testid="sso-connection">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="flex min-w-0 flex-wrap items-center gap-2">
          <h3 className="truncate text-sm font-semibold">{c.name}</h3>
          <Badge tone="accent">{TYPE_NAMES[c.type]}</Badge>
          <Badge tone={c.enabled ? 'success' : 'neutral'} dot>
            {c.enabled ? 'On' : 'Off'}
          </Badge>
        </div>
        <div className="flex flex-wrap gap-1">
          <Button size="sm" variant="secondary" onClick={onEdit} aria-label={`Change ${c.name}`}>
            Change
          </Button>
          <Button
            size="sm"
            variant="secondary"
            onClick={onToggle}
            pending={toggling}
            aria-label={`${c.enabled ? 'Turn off' : 'Turn on'} ${c.name}`}
          >
            {c.enabled ? 'Turn off' : 'Turn on'}
          </Button>
          <Button size="sm" variant="ghost" onClick={onRemove} aria-label={`Remove ${c.name}`} className="text-danger">
            Remove
          </Button>
        </div>
      </div>
      <p className="text-[13px] text-muted-foreground">
        {c.jitProvisioning
          ? `New people become members at their first sign-in${c.defaultRoles.length ? ` with ${c.defaultRoles.map((r) => r.name).join(', ')}` : ' without roles'}.`
          : 'Only people who are already members may sign in.'}
        {c.groupTeamMappings.length
          ? ` ${c.groupTeamMappings.length} group${c.groupTeamMappings.length === 1 ? '' : 's'} put people in teams.`
          : ''}
      </p>
      <dl className="grid gap-2">
        {addresses.map(([label, value]) => (value ? <CopyRow key={label} label={label} value={value} /> : null))}
      </dl>
    </section>
  );
}

function CopyRow({ label, value }: { label: string; value: string }) {
  const copy = () => {
    void navigator.clipboard
      ?.writeText(value)
      .then(() => toast({ title: 'Copied', description: label }))
      .catch(() => toast({ tone: 'error', title: 'Could not copy', description: 'Select the text and copy it yourself.' }));
  };
  return (
    <div className="grid gap-1">
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="flex min-w-0 items-center gap-2">
        <code className="min-w-0 flex-1 truncate rounded bg-muted px-2 py-1 text-xs" title={value}>
          {value}
        </code>
        <Button size="icon" variant="ghost" onClick={copy} aria-label={`Copy ${label}`}>
          <Copy aria-hidden="true" />
        </Button>
      </dd>
    </div>
  );
}

function RemoveDialog({
  slug,
  connection,
  onClose,
  onRemoved,
}: {
  slug: string;
  connection: SsoConnection;
  onClose: () => void;
  onRemoved: () => void;
}) {
  const remove = useMutation({
    mutationFn: () => api(`/api/v1/tenants/${slug}/sso-connections/${connection.id}`, { method: 'DELETE' }),
    onSuccess: () => {
      toast({ tone: 'success', title: `${connection.name} removed` });
      onRemoved();
      onClose();
    },
    onError: (error) => toast({ tone: 'error', title: 'The identity provider was not removed', description: error.message }),
  });
  return (
    <Dialog open onOpenChange={(open) => (!open && !remove.isPending ? onClose() : undefined)}>
      <DialogContent className="max-w-md">
        <DialogHeader>
          <DialogTitle>Remove {connection.name}?</DialogTitle>
          <DialogDescription>
            Nobody can sign in through it any more. People it added keep their accounts and memberships; they sign in another way.
          </DialogDescription>
        </DialogHeader>
        <DialogFooter>
          <Button onClick={onClose} disabled={remove.isPending}>
            Cancel
          </Button>
          <Button variant="destructive" pending={remove.isPending} onClick={() => remove.mutate()}>
            Remove
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
