'use client';

import * as React from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Plus, RefreshCw } from 'lucide-react';
import { api } from '@/components/api-client';
import { StatusBadge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { EmptyState } from '@/components/ui/empty-state';
import { TableDate } from '@/components/ui/table-date';
import { toast } from '@/components/ui/toast';
import type { ScimTokenList, ScimTokenView } from '@/lib/scim/token-schemas';
import { scimTokensKey, scimTokensUrl } from './api';
import { CopyField } from './copy-field';
import { CreateScimTokenDialog } from './create-scim-token-dialog';

/**
 * SCIM provisioning settings: the base URL to give the directory, the tenant's SCIM tokens (name, prefix, created,
 * last used, status) with revoke behind a confirmation, and a dialog that creates a token and shows it once.
 */
export function ScimSettings({ slug }: { slug: string }) {
  const queryClient = useQueryClient();
  const tokens = useQuery({ queryKey: scimTokensKey(slug), queryFn: () => api<ScimTokenList>(scimTokensUrl(slug)) });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: scimTokensKey(slug) });
  const [creating, setCreating] = React.useState(false);
  const [pending, setPending] = React.useState<ScimTokenView | null>(null);

  const revoke = useMutation({
    mutationFn: (token: ScimTokenView) => api<void>(`${scimTokensUrl(slug)}/${token.id}`, { method: 'DELETE' }),
    onSuccess: (_data, token) => {
      setPending(null);
      toast({ title: 'SCIM token revoked', description: `“${token.name}” is refused from its next request.`, tone: 'success' });
      refresh();
    },
    onError: (error) => toast({ tone: 'error', title: 'Could not revoke the token', description: error.message }),
  });

  const list = tokens.data?.data ?? [];
  return (
    <div className="grid gap-6">
      <Card aria-labelledby="scim-url-title">
        <CardHeader className="flex-col gap-1">
          <CardTitle id="scim-url-title">Directory provisioning</CardTitle>
          <CardDescription>
            Your directory (such as Okta or Microsoft Entra ID) adds people as members, suspends leavers at once and keeps teams in step
            with its groups. Give it this base URL and a token from below.
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-1.5">
          <span className="text-[13px] font-medium">Base URL</span>
          {tokens.data ? <CopyField value={tokens.data.scimBaseUrl} label="Base URL" testId="scim-base-url" /> : null}
        </CardContent>
      </Card>

      <Card aria-labelledby="scim-tokens-title">
        <CardHeader className="flex-row flex-wrap items-start justify-between gap-3">
          <div className="grid gap-1">
            <CardTitle id="scim-tokens-title">Tokens</CardTitle>
            <CardDescription>One token per directory. Revoke a token you no longer use.</CardDescription>
          </div>
          <Button variant="primary" onClick={() => setCreating(true)}>
            <Plus aria-hidden="true" />
            Create token
          </Button>
        </CardHeader>
        <CardContent>
          {tokens.isError ? (
            <div className="flex flex-wrap items-center gap-3 text-sm" role="alert">
              <span>We could not load the tokens: {tokens.error.message}</span>
              <Button size="sm" onClick={() => void tokens.refetch()}>
                <RefreshCw aria-hidden="true" />
                Try again
              </Button>
            </div>
          ) : tokens.isPending ? (
            <p className="text-sm text-muted-foreground">Loading tokens…</p>
          ) : list.length === 0 ? (
            <EmptyState title="No SCIM tokens yet">Create a token, then enter it with the base URL in your directory.</EmptyState>
          ) : (
            <ul className="grid gap-3" aria-label="SCIM tokens">
              {list.map((token) => (
                <li
                  key={token.id}
                  data-testid="scim-token-row"
                  className="flex flex-col gap-2 rounded-md border border-border p-3 sm:flex-row sm:items-center sm:justify-between"
                >
                  <div className="grid min-w-0 gap-1">
                    <div className="flex flex-wrap items-center gap-2">
                      <span className="font-medium break-all">{token.name}</span>
                      <StatusBadge status={token.status} />
                    </div>
                    <span className="font-mono text-xs break-all text-muted-foreground">scim_{token.prefix}_…</span>
                    <dl className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-muted-foreground">
                      <div className="flex gap-1">
                        <dt>Created</dt>
                        <dd>
                          <TableDate iso={token.createdAt} />
                          {token.createdBy ? ` by ${token.createdBy.name}` : ''}
                        </dd>
                      </div>
                      <div className="flex gap-1">
                        <dt>Last used</dt>
                        <dd>
                          <TableDate iso={token.lastUsedAt} fallback="Never" />
                        </dd>
                      </div>
                    </dl>
                  </div>
                  {token.status === 'active' ? (
                    <Button size="sm" variant="secondary" onClick={() => setPending(token)} aria-label={`Revoke ${token.name}`}>
                      Revoke
                    </Button>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </CardContent>
      </Card>

      <CreateScimTokenDialog slug={slug} open={creating} onOpenChange={setCreating} onCreated={refresh} />

      <Dialog open={pending !== null} onOpenChange={(open) => (open || revoke.isPending ? undefined : setPending(null))}>
        <DialogContent className="max-w-md">
          <DialogHeader>
            <DialogTitle>Revoke “{pending?.name}”?</DialogTitle>
            <DialogDescription>
              The directory using <span className="font-mono">scim_{pending?.prefix}_…</span> is refused from its next request on, and stops
              adding or suspending members. This cannot be undone.
            </DialogDescription>
          </DialogHeader>
          <DialogFooter>
            <DialogClose asChild>
              <Button disabled={revoke.isPending}>Cancel</Button>
            </DialogClose>
            <Button variant="destructive" pending={revoke.isPending} onClick={() => pending && revoke.mutate(pending)}>
              Revoke token
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </div>
  );
}
