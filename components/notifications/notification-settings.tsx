'use client';

import * as React from 'react';
import Link from 'next/link';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Plus, RefreshCw } from 'lucide-react';
import { api } from '@/components/api-client';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { EmptyState } from '@/components/ui/empty-state';
import { TableDate } from '@/components/ui/table-date';
import { toast } from '@/components/ui/toast';
import { DIGEST_FREQUENCY_LABEL, recipientsWords } from '@/lib/notifications/policy';
import { eventTitle } from '@/lib/webhooks/chat-message';
import { eventPatternLabel } from '@/lib/webhooks/policy';
import { digestPath, digestsKey, digestsPath, type DigestList, type DigestView } from './api';
import { DigestDialog } from './digest-dialog';

/** A subscription pattern in words: "Every event", "All of batches", "Batch released". */
const patternWords = (pattern: string) => (pattern === '*' || pattern.endsWith('.*') ? eventPatternLabel(pattern) : eventTitle(pattern));

/**
 * Notifications settings: the tenant's email digests (list, add and change in a dialog, switch on and off, delete
 * behind a confirmation), and where Slack and Microsoft Teams channels are set up (Webhooks).
 */
export function NotificationSettings({ slug }: { slug: string }) {
  const queryClient = useQueryClient();
  const digests = useQuery({ queryKey: digestsKey(slug), queryFn: () => api<DigestList>(digestsPath(slug)) });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: digestsKey(slug) });
  const [editing, setEditing] = React.useState<DigestView | 'new' | null>(null);
  const [deleting, setDeleting] = React.useState<DigestView | null>(null);

  const switchOnOff = useMutation({
    mutationFn: (digest: DigestView) =>
      api<DigestView>(digestPath(slug, digest.id), { method: 'PATCH', json: { enabled: !digest.enabled } }),
    onSuccess: (saved) => {
      toast({
        tone: 'success',
        title: saved.enabled ? 'Email digest switched on' : 'Email digest switched off',
        description: `“${saved.name}”`,
      });
      refresh();
    },
    onError: (error) => toast({ tone: 'error', title: 'Could not change the digest', description: error.message }),
  });
  const remove = useMutation({
    mutationFn: (digest: DigestView) => api<void>(digestPath(slug, digest.id), { method: 'DELETE' }),
    onSuccess: (_data, digest) => {
      setDeleting(null);
      toast({ tone: 'success', title: 'Email digest deleted', description: `“${digest.name}” is no longer sent.` });
      refresh();
    },
    onError: (error) => toast({ tone: 'error', title: 'Could not delete the digest', description: error.message }),
  });

  const list = digests.data?.data ?? [];
  return (
    <div className="grid gap-6">
      <Card aria-labelledby="digests-title">
        <CardHeader className="flex-row flex-wrap items-start justify-between gap-3">
          <div className="grid gap-1">
            <CardTitle id="digests-title">Email digests</CardTitle>
            <CardDescription>
              A mail every hour or every day listing what happened: batches released, second factors reset, the audit trail found altered,
              and any other events you choose.
            </CardDescription>
          </div>
          <Button variant="primary" onClick={() => setEditing('new')}>
            <Plus aria-hidden="true" />
            Add digest
          </Button>
        </CardHeader>
        <CardContent>
          {digests.isError ? (
            <div className="flex flex-wrap items-center gap-3 text-sm" role="alert">
              <span>We could not load the digests: {digests.error.message}</span>
              <Button size="sm" onClick={() => void digests.refetch()}>
                <RefreshCw aria-hidden="true" />
                Try again
              </Button>
            </div>
          ) : digests.isPending ? (
            <p className="text-sm text-muted-foreground">Loading digests…</p>
          ) : list.length === 0 ? (
            <EmptyState title="No email digests yet">Add one to mail chosen events to the people who need them.</EmptyState>
          ) : (
            <ul className="grid gap-3" aria-label="Email digests">
              {list.map((digest) => (
                <li
                  key={digest.id}
                  data-testid="digest-row"
                  className="flex flex-col gap-3 rounded-md border border-border p-3 sm:flex-row sm:items-start sm:justify-between"
                >
                  <div className="grid min-w-0 gap-1">
                    <div className="flex flex-wrap items-center gap-2">
                      <span className="font-medium break-words">{digest.name}</span>
                      <Badge tone={digest.enabled ? 'success' : 'neutral'} dot>
                        {digest.enabled ? 'On' : 'Off'}
                      </Badge>
                    </div>
                    <dl className="grid gap-1 text-xs text-muted-foreground">
                      <div className="flex flex-wrap gap-1">
                        <dt>To</dt>
                        <dd className="break-all">{recipientsWords(digest.recipients)}</dd>
                      </div>
                      <div className="flex flex-wrap gap-1">
                        <dt>How often</dt>
                        <dd>{DIGEST_FREQUENCY_LABEL[digest.frequency]}</dd>
                      </div>
                      <div className="flex flex-wrap gap-1">
                        <dt>Events</dt>
                        <dd>{digest.events.map(patternWords).join(', ')}</dd>
                      </div>
                      <div className="flex flex-wrap gap-1">
                        <dt>Last mail</dt>
                        <dd>
                          <TableDate iso={digest.lastSentAt} fallback="Not yet" />
                        </dd>
                      </div>
                    </dl>
                  </div>
                  <div className="flex flex-wrap gap-2">
                    <Button size="sm" onClick={() => setEditing(digest)} aria-label={`Change ${digest.name}`}>
                      Change
                    </Button>
                    <Button
                      size="sm"
                      onClick={() => switchOnOff.mutate(digest)}
                      pending={switchOnOff.isPending && switchOnOff.variables?.id === digest.id}
                      aria-label={`${digest.enabled ? 'Switch off' : 'Switch on'} ${digest.name}`}
                    >
                      {digest.enabled ? 'Switch off' : 'Switch on'}
                    </Button>
                    <Button size="sm" variant="secondary" onClick={() => setDeleting(digest)} aria-label={`Delete ${digest.name}`}>
                      Delete
                    </Button>
                  </div>
                </li>
              ))}
            </ul>
          )}
        </CardContent>
      </Card>

      <Card aria-labelledby="chat-channels-title">
        <CardHeader className="flex-col gap-1">
          <CardTitle id="chat-channels-title">Slack and Microsoft Teams</CardTitle>
          <CardDescription>
            To post events in a channel as they happen, create an incoming webhook in Slack (or a Workflows webhook in Teams) and add its
            address under Webhooks with the Slack or Teams format. Each event arrives as a short message in plain words with a link to the
            record.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <Link href={`/t/${slug}/webhooks`} className="text-sm font-medium text-link underline underline-offset-4">
            Open Webhooks
          </Link>
        </CardContent>
      </Card>

      {editing ? (
        <DigestDialog tenant={slug} digest={editing === 'new' ? null : editing} onClose={() => setEditing(null)} onSaved={refresh} />
      ) : null}

      <Dialog open={deleting !== null} onOpenChange={(open) => (open || remove.isPending ? undefined : setDeleting(null))}>
        <DialogContent className="max-w-md">
          <DialogHeader>
            <DialogTitle>Delete “{deleting?.name}”?</DialogTitle>
            <DialogDescription>Its recipients get no more mail from it. The events stay in the audit trail.</DialogDescription>
          </DialogHeader>
          <DialogFooter>
            <DialogClose asChild>
              <Button disabled={remove.isPending}>Cancel</Button>
            </DialogClose>
            <Button variant="destructive" pending={remove.isPending} onClick={() => deleting && remove.mutate(deleting)}>
              Delete digest
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </div>
  );
}
