'use client';

import * as React from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { KeyRound, Plus } from 'lucide-react';
import { api } from '@/components/api-client';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { DataTable, type DataTableColumn } from '@/components/ui/data-table';
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { EmptyState } from '@/components/ui/empty-state';
import { TableDate } from '@/components/ui/table-date';
import { toast } from '@/components/ui/toast';
import { GRANT_TYPE_LABEL } from '@/lib/oidc-clients/policy';
import { ClientDialog } from './system-clients-dialog';
import { ClientSecretDialog, copyToClipboard } from './system-clients-secret';
import {
  clientPath,
  clientsPath,
  systemClientsKey,
  type OidcClient,
  type OidcClientList,
  type OidcClientWithSecret,
} from './system-page-api';

type Shown = { client: OidcClientWithSecret & { clientSecret: string }; rotated: boolean };

function clientColumns(
  manage: boolean,
  act: { edit: (c: OidcClient) => void; rotate: (c: OidcClient) => void; remove: (c: OidcClient) => void },
): DataTableColumn<OidcClient>[] {
  const columns: DataTableColumn<OidcClient>[] = [
    {
      id: 'name',
      header: 'Client',
      meta: { primary: true },
      cell: ({ row }) => (
        <div className="grid gap-1">
          <span className="font-medium">{row.original.name}</span>
          <button
            type="button"
            className="w-fit rounded-sm text-left font-mono text-xs break-all text-muted-foreground hover:text-foreground focus-visible:outline-2 focus-visible:outline-ring"
            onClick={() => copyToClipboard(row.original.clientId, `Client ID of ${row.original.name}`)}
            aria-label={`Copy the client ID of ${row.original.name}: ${row.original.clientId}`}
          >
            {/* An identifier to copy, not words: in <code> like permission keys (the crawl reads the rest as prose). */}
            <code>{row.original.clientId}</code>
          </button>
        </div>
      ),
    },
    {
      id: 'type',
      header: 'Type',
      cell: ({ row }) => (
        <span className="flex flex-wrap gap-1">
          <Badge tone={row.original.type === 'confidential' ? 'accent' : 'info'}>
            {row.original.type === 'confidential' ? 'Confidential' : 'Public (PKCE)'}
          </Badge>
          {row.original.firstParty ? null : <Badge tone="neutral">Asks for consent</Badge>}
        </span>
      ),
    },
    {
      id: 'redirects',
      header: 'Redirect URIs',
      meta: { cellClassName: 'md:max-w-xs' },
      cell: ({ row }) =>
        row.original.redirectUris.length === 0 ? (
          <span className="text-muted-foreground">None</span>
        ) : (
          <ul className="grid gap-0.5 font-mono text-xs">
            {row.original.redirectUris.map((uri) => (
              <li key={uri} className="break-all">
                {uri}
              </li>
            ))}
          </ul>
        ),
    },
    {
      id: 'grants',
      header: 'Grants',
      cell: ({ row }) => (
        <ul className="grid gap-0.5 text-xs">
          {row.original.grantTypes.map((g) => (
            <li key={g}>{GRANT_TYPE_LABEL[g]}</li>
          ))}
        </ul>
      ),
    },
    {
      id: 'secret',
      header: 'Secret made',
      cell: ({ row }) =>
        row.original.type === 'public' ? (
          <span className="text-muted-foreground">No secret</span>
        ) : (
          <TableDate iso={row.original.secretRotatedAt} />
        ),
    },
  ];
  if (manage) {
    columns.push({
      id: 'actions',
      header: () => <span className="sr-only">Actions</span>,
      meta: { actions: true, label: 'Actions', cellClassName: 'md:text-right' },
      cell: ({ row }) => (
        <div className="flex flex-wrap gap-1 md:justify-end">
          <Button size="sm" variant="secondary" onClick={() => act.edit(row.original)} aria-label={`Change ${row.original.name}`}>
            Change
          </Button>
          {row.original.type === 'confidential' ? (
            <Button
              size="sm"
              variant="secondary"
              onClick={() => act.rotate(row.original)}
              aria-label={`Rotate secret of ${row.original.name}`}
            >
              Rotate secret
            </Button>
          ) : null}
          <Button
            size="sm"
            variant="ghost"
            className="text-danger"
            onClick={() => act.remove(row.original)}
            aria-label={`Delete ${row.original.name}`}
          >
            Delete
          </Button>
        </div>
      ),
    });
  }
  return columns;
}

/**
 * The system's OpenID clients: a table (cards on a phone) with each client's id to copy, type, redirect URIs and
 * grants; for `systems.manage`, add, change, rotate the secret (confirmed) and delete (confirmed). A secret is shown
 * once, in its own dialog, right after it is made.
 */
export function SystemClients({
  tenant,
  slug,
  manage,
  systemActive,
}: {
  tenant: string;
  slug: string;
  manage: boolean;
  systemActive: boolean;
}) {
  const queryClient = useQueryClient();
  const key = systemClientsKey(tenant, slug);
  const clients = useQuery({ queryKey: key, queryFn: () => api<OidcClientList>(clientsPath(tenant, slug)).then((r) => r.data) });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: key });
  const [editing, setEditing] = React.useState<OidcClient | 'new' | null>(null);
  const [rotating, setRotating] = React.useState<OidcClient | null>(null);
  const [removing, setRemoving] = React.useState<OidcClient | null>(null);
  const [shown, setShown] = React.useState<Shown | null>(null);
  const columns = React.useMemo(() => clientColumns(manage, { edit: setEditing, rotate: setRotating, remove: setRemoving }), [manage]);

  const rotate = useMutation({
    mutationFn: (c: OidcClient) => api<OidcClientWithSecret>(`${clientPath(tenant, slug, c.clientId)}/secret`, { method: 'POST' }),
    onSuccess: (c) => {
      setRotating(null);
      refresh();
      if (c.clientSecret) setShown({ client: { ...c, clientSecret: c.clientSecret }, rotated: true });
    },
    onError: (error) => toast({ tone: 'error', title: 'The secret was not rotated', description: error.message }),
  });
  const remove = useMutation({
    mutationFn: (c: OidcClient) => api<void>(clientPath(tenant, slug, c.clientId), { method: 'DELETE' }),
    onSuccess: (_d, c) => {
      setRemoving(null);
      toast({ tone: 'success', title: `${c.name} deleted` });
      refresh();
    },
    onError: (error) => toast({ tone: 'error', title: 'The client was not deleted', description: error.message }),
  });

  const addButton = (
    <Button variant="primary" size="sm" onClick={() => setEditing('new')}>
      <Plus aria-hidden="true" />
      Add client
    </Button>
  );
  return (
    <Card aria-labelledby="system-clients-title">
      <CardHeader className="flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
        <div className="grid gap-1">
          <CardTitle id="system-clients-title">OpenID clients</CardTitle>
          <CardDescription>
            How the system signs people in with Custos and gets access tokens carrying its roles and permission keys.
          </CardDescription>
        </div>
        {manage ? addButton : null}
      </CardHeader>
      <CardContent>
        <DataTable
          label="OpenID clients"
          columns={columns}
          data={clients.data}
          getRowId={(c) => c.id}
          query={clients}
          skeletonRows={2}
          rowTestId="oidc-client-row"
          errorTitle="The OpenID clients could not be loaded."
          empty={
            <EmptyState
              icon={<KeyRound />}
              title="No OpenID client yet"
              headingLevel="h3"
              size="compact"
              action={manage ? addButton : null}
            >
              {manage
                ? 'Add one for each app of the system: a confidential client for a server-side app, a public one for a browser or mobile app.'
                : 'Someone with the permission to manage systems can add one.'}
            </EmptyState>
          }
        />
      </CardContent>

      {editing ? (
        <ClientDialog
          tenant={tenant}
          slug={slug}
          client={editing === 'new' ? null : editing}
          systemActive={systemActive}
          onClose={() => setEditing(null)}
          onSaved={refresh}
          onCreated={(c) => (c.clientSecret ? setShown({ client: { ...c, clientSecret: c.clientSecret }, rotated: false }) : undefined)}
        />
      ) : null}
      {shown ? <ClientSecretDialog client={shown.client} rotated={shown.rotated} onClose={() => setShown(null)} /> : null}

      <Dialog open={rotating !== null} onOpenChange={(open) => (open || rotate.isPending ? undefined : setRotating(null))}>
        <DialogContent className="max-w-md">
          <DialogHeader>
            <DialogTitle>Rotate the secret of {rotating?.name}?</DialogTitle>
            <DialogDescription>
              The current secret stops working at once: until the new one is in the system&apos;s configuration, it cannot sign people in or
              get tokens. The new secret is shown once.
            </DialogDescription>
          </DialogHeader>
          <DialogFooter>
            <DialogClose asChild>
              <Button disabled={rotate.isPending}>Cancel</Button>
            </DialogClose>
            <Button variant="destructive" pending={rotate.isPending} onClick={() => rotating && rotate.mutate(rotating)}>
              Rotate secret
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>

      <Dialog open={removing !== null} onOpenChange={(open) => (open || remove.isPending ? undefined : setRemoving(null))}>
        <DialogContent className="max-w-md">
          <DialogHeader>
            <DialogTitle>Delete {removing?.name}?</DialogTitle>
            <DialogDescription>
              The system can no longer sign anyone in through it, and the tokens it was given stop working: refreshing or checking them
              fails because the client no longer exists. This cannot be undone.
            </DialogDescription>
          </DialogHeader>
          <DialogFooter>
            <DialogClose asChild>
              <Button disabled={remove.isPending}>Cancel</Button>
            </DialogClose>
            <Button variant="destructive" pending={remove.isPending} onClick={() => removing && remove.mutate(removing)}>
              Delete client
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </Card>
  );
}
