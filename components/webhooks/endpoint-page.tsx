'use client';

import * as React from 'react';
import { useRouter } from 'next/navigation';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { History, Send } from 'lucide-react';
import { api, ApiError } from '@/components/api-client';
import { useDateTimeFormat } from '@/components/providers/viewer-clock';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { DataTable, type DataTableColumn } from '@/components/ui/data-table';
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { EmptyState } from '@/components/ui/empty-state';
import { FormError } from '@/components/ui/form-error';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { PageHeader } from '@/components/ui/page-header';
import { TableDate } from '@/components/ui/table-date';
import { toast } from '@/components/ui/toast';
import { WEBHOOK_EVENT_TYPES } from '@/lib/webhooks/event-types';
import {
  DELIVERY_STATUS_LABEL,
  DISABLE_AFTER_FAILING_DAYS,
  eventPatternLabel,
  FORMAT_LABEL,
  MAX_REPLAY_DELIVERIES,
  WEBHOOK_DELIVERY_STATUSES,
} from '@/lib/webhooks/policy';
import {
  DELIVERY_PAGE_SIZE,
  deliveriesPath,
  deliveryPath,
  webhookDeliveriesKey,
  webhookDeliveryKey,
  webhookKey,
  webhookPath,
  webhooksKey,
  type WebhookDeliveryDetail,
  type WebhookDeliveryPage,
  type WebhookDeliveryView,
  type WebhookEndpointView,
  type WebhookEndpointWithSecret,
  type WebhookReplay,
  type WebhookTest,
} from './api';
import { EndpointDialog } from './endpoint-dialog';
import { EndpointSecretDialog } from './secret-dialog';
import { EndpointStatus } from './webhooks-panel';

const DATE_TIME: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' };
const deliveryTone = { pending: 'info', succeeded: 'success', failed: 'danger' } as const;
const TEST_EVENT_WORDS = 'Test event';

/** An event type in words (its catalog sentence), the type itself for a test event or a type the catalog lost. */
function eventWords(type: string): string {
  if (type === 'webhook.test') return TEST_EVENT_WORDS;
  return WEBHOOK_EVENT_TYPES.find((e) => e.type === type)?.description ?? type;
}

/** "200 in 84 ms", "No answer", for one attempt or a delivery's last. */
function outcomeWords(statusCode: number | null, durationMs: number | null, error: string | null): string {
  if (statusCode !== null) return `Answered ${statusCode}${durationMs !== null ? ` in ${durationMs} ms` : ''}`;
  return error ?? 'No answer';
}

function deliveryColumns(onOpen: (d: WebhookDeliveryView) => void): DataTableColumn<WebhookDeliveryView>[] {
  return [
    {
      id: 'event',
      header: 'Event',
      meta: { primary: true, cellClassName: 'md:max-w-sm' },
      cell: ({ row }) => (
        <>
          <span className="font-medium">{eventWords(row.original.eventType)}</span>
          <code className="block text-xs font-normal break-all text-muted-foreground">{row.original.eventType}</code>
        </>
      ),
    },
    { id: 'time', header: 'Time', cell: ({ row }) => <TableDate iso={row.original.createdAt} /> },
    {
      id: 'status',
      header: 'Status',
      cell: ({ row }) => <Badge tone={deliveryTone[row.original.status]}>{DELIVERY_STATUS_LABEL[row.original.status]}</Badge>,
    },
    { id: 'code', header: 'Response', cell: ({ row }) => row.original.lastStatusCode ?? <span className="text-muted-foreground">—</span> },
    {
      id: 'duration',
      header: 'Duration',
      cell: ({ row }) =>
        row.original.lastDurationMs !== null ? `${row.original.lastDurationMs} ms` : <span className="text-muted-foreground">—</span>,
    },
    { id: 'attempts', header: 'Attempts', accessorKey: 'attempts' },
    {
      id: 'actions',
      header: () => <span className="sr-only">Actions</span>,
      meta: { actions: true, label: 'Actions', cellClassName: 'md:text-right' },
      cell: ({ row }) => (
        <Button size="sm" variant="secondary" onClick={() => onOpen(row.original)}>
          Details<span className="sr-only"> of this delivery: {eventWords(row.original.eventType)}</span>
        </Button>
      ),
    },
  ];
}

/**
 * One webhook endpoint: its settings (change, switch off or on, rotate the secret, delete — each confirmed), "Send
 * test event" with its outcome as it happens, and the delivery log (open a delivery for its attempts and send it
 * again; send again every event of a time range).
 */
export function EndpointPage({ tenant, id, back }: { tenant: string; id: string; back: React.ReactNode }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const format = useDateTimeFormat(DATE_TIME);
  const endpoint = useQuery({ queryKey: webhookKey(tenant, id), queryFn: () => api<WebhookEndpointView>(webhookPath(tenant, id)) });
  const [editing, setEditing] = React.useState(false);
  const [confirm, setConfirm] = React.useState<'switch' | 'rotate' | 'delete' | null>(null);
  const [secret, setSecret] = React.useState<WebhookEndpointWithSecret | null>(null);
  const [testDelivery, setTestDelivery] = React.useState<string | null>(null);
  const [opened, setOpened] = React.useState<WebhookDeliveryView | null>(null);
  const [replayingRange, setReplayingRange] = React.useState(false);
  const [status, setStatus] = React.useState<string>('');

  const refresh = () => void queryClient.invalidateQueries({ queryKey: webhookKey(tenant, id) });
  const refreshAll = () => void queryClient.invalidateQueries({ queryKey: webhooksKey(tenant) });

  const act = useMutation({
    mutationFn: async (what: 'switch' | 'rotate' | 'delete') => {
      const e = endpoint.data!;
      if (what === 'switch') return api<WebhookEndpointView>(webhookPath(tenant, id), { method: 'PATCH', json: { enabled: !e.enabled } });
      if (what === 'rotate') return api<WebhookEndpointWithSecret>(`${webhookPath(tenant, id)}/secret`, { method: 'POST' });
      await api<void>(webhookPath(tenant, id), { method: 'DELETE' });
      return null;
    },
    onSuccess: (result, what) => {
      setConfirm(null);
      if (what === 'delete') {
        toast({ tone: 'success', title: 'Endpoint deleted' });
        refreshAll();
        router.push(`/t/${tenant}/webhooks`);
        return;
      }
      if (what === 'rotate') setSecret(result as WebhookEndpointWithSecret);
      else toast({ tone: 'success', title: (result as WebhookEndpointView).enabled ? 'Endpoint switched on' : 'Endpoint switched off' });
      queryClient.setQueryData(webhookKey(tenant, id), result);
      refreshAll();
    },
    onError: (error) => toast({ tone: 'error', title: 'Could not change the endpoint', description: error.message }),
  });

  const sendTest = useMutation({
    mutationFn: () => api<WebhookTest>(`${webhookPath(tenant, id)}/test`, { method: 'POST' }),
    onSuccess: (sent) => {
      setTestDelivery(sent.deliveryId);
      void queryClient.invalidateQueries({ queryKey: [...webhookKey(tenant, id), 'deliveries'] });
    },
    onError: (error) => toast({ tone: 'error', title: 'Could not send a test event', description: error.message }),
  });

  const deliveries = useInfiniteQuery({
    queryKey: webhookDeliveriesKey(tenant, id, status),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const qs = new URLSearchParams({ limit: String(DELIVERY_PAGE_SIZE) });
      if (status) qs.set('status', status);
      if (pageParam) qs.set('cursor', pageParam);
      return api<WebhookDeliveryPage>(`${deliveriesPath(tenant, id)}?${qs}`);
    },
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = React.useMemo(() => deliveries.data?.pages.flatMap((p) => p.data), [deliveries.data]);
  const columns = React.useMemo(() => deliveryColumns(setOpened), []);

  const e = endpoint.data;
  if (!e) return null;
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        eyebrow={back}
        title={<span className="font-mono text-lg break-all">{e.url}</span>}
        description={e.description || undefined}
        meta={<EndpointStatus endpoint={e} />}
        actions={
          <Button variant="primary" onClick={() => sendTest.mutate()} pending={sendTest.isPending} disabled={!e.enabled}>
            <Send aria-hidden="true" /> Send test event
          </Button>
        }
      />
      {!e.enabled && e.disabledReason === 'failing' ? (
        <Alert tone="danger" title={`Switched off after failing for ${DISABLE_AFTER_FAILING_DAYS} days`}>
          Custos stopped sending here{e.disabledAt ? ` on ${format.format(new Date(e.disabledAt))}` : ''}. Fix the receiver, then switch the
          endpoint on: missed events can be sent again from the delivery log.
        </Alert>
      ) : null}
      {testDelivery ? <TestOutcome tenant={tenant} id={id} deliveryId={testDelivery} onSettled={() => void deliveries.refetch()} /> : null}

      <Card>
        <CardHeader>
          <CardTitle>Settings</CardTitle>
          <CardDescription>Where Custos sends, in which form, and which events.</CardDescription>
        </CardHeader>
        <CardContent>
          <div className="mb-4 flex flex-wrap gap-2">
            <Button size="sm" onClick={() => setEditing(true)}>
              Change
            </Button>
            <Button size="sm" onClick={() => setConfirm('switch')}>
              {e.enabled ? 'Switch off' : 'Switch on'}
            </Button>
            <Button size="sm" onClick={() => setConfirm('rotate')}>
              Rotate secret
            </Button>
            <Button size="sm" variant="destructive" onClick={() => setConfirm('delete')}>
              Delete
            </Button>
          </div>
          <dl className="grid gap-3 text-sm sm:grid-cols-[10rem_1fr]">
            <dt className="text-muted-foreground">Format</dt>
            <dd>{FORMAT_LABEL[e.format]}</dd>
            <dt className="text-muted-foreground">Events</dt>
            <dd className="flex flex-wrap gap-1">
              {e.events.map((p) => (
                <Badge key={p} tone="accent">
                  {p.includes('*') ? eventPatternLabel(p) : <code>{p}</code>}
                </Badge>
              ))}
            </dd>
            <dt className="text-muted-foreground">Signing secret</dt>
            <dd>
              {e.previousSecretExpiresAt && new Date(e.previousSecretExpiresAt) > new Date()
                ? `Rotated; the previous secret keeps working until ${format.format(new Date(e.previousSecretExpiresAt))}.`
                : 'Shown once when the endpoint was added or its secret rotated.'}
            </dd>
            {e.failingSince ? (
              <>
                <dt className="text-muted-foreground">Failing since</dt>
                <dd>{format.format(new Date(e.failingSince))}</dd>
              </>
            ) : null}
          </dl>
        </CardContent>
      </Card>

      <section aria-labelledby="delivery-log" className="grid gap-3">
        <div className="flex flex-wrap items-end justify-between gap-2">
          <h2 id="delivery-log" className="text-base font-semibold">
            Delivery log
          </h2>
          <Button size="sm" onClick={() => setReplayingRange(true)} disabled={!e.enabled}>
            <History aria-hidden="true" /> Send a time range again
          </Button>
        </div>
        <DataTable
          label="Deliveries"
          columns={columns}
          data={rows}
          getRowId={(d) => d.id}
          query={deliveries}
          pages={deliveries}
          skeletonRows={3}
          rowTestId="delivery-row"
          toolbar={
            <div className="grid gap-1.5 sm:w-56">
              <Label htmlFor="delivery-status">Status</Label>
              <select
                id="delivery-status"
                className="h-9 rounded-md border border-input bg-background px-2 text-sm"
                value={status}
                onChange={(ev) => setStatus(ev.target.value)}
              >
                <option value="">Every status</option>
                {WEBHOOK_DELIVERY_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {DELIVERY_STATUS_LABEL[s]}
                  </option>
                ))}
              </select>
            </div>
          }
          empty={
            <EmptyState icon={<History />} title={status ? 'No delivery with this status' : 'Nothing sent yet'}>
              {status ? 'Choose another status.' : 'Deliveries appear here when a subscribed event happens, or when you send a test event.'}
            </EmptyState>
          }
        />
      </section>

      {editing ? (
        <EndpointDialog
          tenant={tenant}
          endpoint={e}
          onClose={() => setEditing(false)}
          onSaved={(saved) => {
            queryClient.setQueryData(webhookKey(tenant, id), saved);
            refreshAll();
          }}
        />
      ) : null}
      {secret ? <EndpointSecretDialog endpoint={secret} rotated onClose={() => setSecret(null)} /> : null}
      {opened ? (
        <DeliveryDialog
          tenant={tenant}
          id={id}
          delivery={opened}
          enabled={e.enabled}
          onClose={() => setOpened(null)}
          onReplayed={refresh}
        />
      ) : null}
      {replayingRange ? <ReplayRangeDialog tenant={tenant} id={id} onClose={() => setReplayingRange(false)} onReplayed={refresh} /> : null}

      <Dialog open={confirm !== null} onOpenChange={(open) => (open || act.isPending ? undefined : setConfirm(null))}>
        <DialogContent className="max-w-md">
          <DialogHeader>
            <DialogTitle>
              {confirm === 'switch' ? (e.enabled ? 'Switch the endpoint off?' : 'Switch the endpoint on?') : null}
              {confirm === 'rotate' ? 'Rotate the signing secret?' : null}
              {confirm === 'delete' ? 'Delete the endpoint?' : null}
            </DialogTitle>
            <DialogDescription>
              {confirm === 'switch'
                ? e.enabled
                  ? 'Custos stops sending events here; events meanwhile are not queued for it. You can send a time range again after switching it on.'
                  : 'Custos sends new events here again, and its record of failures starts afresh.'
                : null}
              {confirm === 'rotate'
                ? 'You get a new secret, shown once. The current one keeps signing beside it for 24 hours, so the receiver can switch over without missing deliveries.'
                : null}
              {confirm === 'delete' ? 'Custos stops sending here at once, and the endpoint’s delivery log is deleted with it.' : null}
            </DialogDescription>
          </DialogHeader>
          <DialogFooter>
            <DialogClose asChild>
              <Button disabled={act.isPending}>Cancel</Button>
            </DialogClose>
            <Button
              variant={confirm === 'delete' || (confirm === 'switch' && e.enabled) ? 'destructive' : 'primary'}
              pending={act.isPending}
              onClick={() => confirm && act.mutate(confirm)}
            >
              {confirm === 'switch' ? (e.enabled ? 'Switch off' : 'Switch on') : confirm === 'rotate' ? 'Rotate secret' : 'Delete endpoint'}
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </div>
  );
}

/** Done, or an attempt is in the log (the sender counts an attempt when it takes the delivery, before it is over). */
const attemptOver = (d: WebhookDeliveryDetail) => d.status !== 'pending' || d.attemptLog.length > 0;

/** The test event's delivery, followed until its first attempt is over (a progress line meanwhile). */
function TestOutcome({ tenant, id, deliveryId, onSettled }: { tenant: string; id: string; deliveryId: string; onSettled: () => void }) {
  const delivery = useQuery({
    queryKey: webhookDeliveryKey(tenant, id, deliveryId),
    queryFn: () => api<WebhookDeliveryDetail>(deliveryPath(tenant, id, deliveryId)),
    refetchInterval: (q) => (q.state.data && attemptOver(q.state.data) ? false : 1000),
  });
  const d = delivery.data;
  const settled = !!d && attemptOver(d);
  React.useEffect(() => {
    if (settled) onSettled();
  }, [settled, onSettled]);
  if (!settled) {
    return (
      <div role="status" className="flex items-center gap-2 text-sm text-muted-foreground" data-testid="test-outcome">
        <span aria-hidden="true" className="size-3 animate-spin rounded-full border-2 border-primary border-t-transparent" />
        Sending the test event…
      </div>
    );
  }
  const outcome = outcomeWords(d.lastStatusCode, d.lastDurationMs, d.lastError);
  return d.status === 'succeeded' ? (
    <Alert tone="success" title="The test event was delivered" role="status" data-testid="test-outcome">
      {outcome}.
    </Alert>
  ) : (
    <Alert tone="danger" title="The test event was not delivered" role="status" data-testid="test-outcome">
      {outcome}.{d.status === 'pending' && d.nextAttemptAt ? ' Custos tries again later; see the delivery log.' : ''}
    </Alert>
  );
}

/** One delivery: the body sent, every attempt, and "Send again". */
function DeliveryDialog({
  tenant,
  id,
  delivery,
  enabled,
  onClose,
  onReplayed,
}: {
  tenant: string;
  id: string;
  delivery: WebhookDeliveryView;
  enabled: boolean;
  onClose: () => void;
  onReplayed: () => void;
}) {
  const format = useDateTimeFormat({ dateStyle: 'medium', timeStyle: 'medium' });
  const detail = useQuery({
    queryKey: webhookDeliveryKey(tenant, id, delivery.id),
    queryFn: () => api<WebhookDeliveryDetail>(deliveryPath(tenant, id, delivery.id)),
  });
  const replay = useMutation({
    mutationFn: () => api<WebhookReplay>(`${deliveryPath(tenant, id, delivery.id)}/replay`, { method: 'POST' }),
    onSuccess: () => {
      toast({ tone: 'success', title: 'The delivery is being sent again' });
      onReplayed();
      onClose();
    },
    onError: (error) => toast({ tone: 'error', title: 'Could not send it again', description: error.message }),
  });
  const d = detail.data;
  return (
    <Dialog open onOpenChange={(open) => (open || replay.isPending ? undefined : onClose())}>
      <DialogContent className="max-w-2xl">
        <DialogHeader>
          <DialogTitle>{eventWords(delivery.eventType)}</DialogTitle>
          <DialogDescription>
            {DELIVERY_STATUS_LABEL[delivery.status]}; raised {format.format(new Date(delivery.createdAt))}. Every attempt carries the same
            webhook-id, so the receiver can tell a repeat.
          </DialogDescription>
        </DialogHeader>
        {d ? (
          <div className="grid gap-3">
            <h3 className="text-sm font-medium">Attempts</h3>
            {d.attemptLog.length === 0 ? (
              <p className="text-sm text-muted-foreground">Not tried yet.</p>
            ) : (
              <ol className="grid gap-2 text-sm">
                {d.attemptLog.map((a) => (
                  <li key={a.attempt} className="flex flex-wrap items-center gap-2 rounded-md border border-border p-2">
                    <span className="font-medium">Attempt {a.attempt}</span>
                    <Badge tone={a.succeeded ? 'success' : 'danger'}>{a.succeeded ? 'Delivered' : 'Failed'}</Badge>
                    <span>{outcomeWords(a.statusCode, a.durationMs, null)}</span>
                    {a.error ? <span className="text-muted-foreground">{a.error}</span> : null}
                    <time dateTime={a.startedAt} className="text-muted-foreground">
                      {format.format(new Date(a.startedAt))}
                    </time>
                  </li>
                ))}
              </ol>
            )}
            <h3 className="text-sm font-medium">Body sent</h3>
            <pre className="max-h-60 overflow-auto rounded-md bg-muted p-2 font-mono text-xs break-all whitespace-pre-wrap">
              <code>{JSON.stringify(d.payload, null, 2)}</code>
            </pre>
          </div>
        ) : (
          <p className="text-sm text-muted-foreground">Loading…</p>
        )}
        <DialogFooter>
          <DialogClose asChild>
            <Button disabled={replay.isPending}>Close</Button>
          </DialogClose>
          <Button variant="primary" pending={replay.isPending} disabled={!enabled} onClick={() => replay.mutate()}>
            Send again
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}

/** `datetime-local` text (the viewer's zone) as an ISO instant, or null. */
function localToIso(value: string): string | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** Send again every subscribed event of a time range (from, to: the viewer's local time). */
function ReplayRangeDialog({
  tenant,
  id,
  onClose,
  onReplayed,
}: {
  tenant: string;
  id: string;
  onClose: () => void;
  onReplayed: () => void;
}) {
  const [from, setFrom] = React.useState('');
  const [to, setTo] = React.useState('');
  const [errors, setErrors] = React.useState<Record<string, string>>({});
  const [serverError, setServerError] = React.useState<string | null>(null);
  const replay = useMutation({
    mutationFn: (body: { from: string; to: string }) =>
      api<WebhookReplay>(`${webhookPath(tenant, id)}/replay`, { method: 'POST', json: body }),
    onSuccess: (result) => {
      toast({
        tone: 'success',
        title: result.deliveryIds.length === 0 ? 'No events in that range' : `${result.deliveryIds.length} deliveries are being sent again`,
      });
      onReplayed();
      onClose();
    },
    onError: (error) => {
      const map: Record<string, string> = {};
      if (error instanceof ApiError) for (const e of error.errors) map[e.path] ??= e.message;
      setErrors(map);
      setServerError(Object.keys(map).length > 0 ? null : error.message);
    },
  });
  function submit(event: React.FormEvent) {
    event.preventDefault();
    const body = { from: localToIso(from), to: localToIso(to) };
    const found: Record<string, string> = {};
    if (!body.from) found.from = 'Choose a date and time.';
    if (!body.to) found.to = 'Choose a date and time.';
    if (body.from && body.to && body.from >= body.to) found.to = 'Must be after the start.';
    setErrors(found);
    if (Object.keys(found).length === 0) replay.mutate(body as { from: string; to: string });
  }
  return (
    <Dialog open onOpenChange={(open) => (open || replay.isPending ? undefined : onClose())}>
      <DialogContent className="max-w-md">
        <form onSubmit={submit} noValidate className="grid gap-4">
          <DialogHeader>
            <DialogTitle>Send a time range again</DialogTitle>
            <DialogDescription>
              Every event of the range this endpoint is subscribed to is sent again (or for the first time, if it missed it), at most{' '}
              {MAX_REPLAY_DELIVERIES} at once.
            </DialogDescription>
          </DialogHeader>
          <FormField label="From" error={errors.from}>
            <Input type="datetime-local" value={from} onChange={(ev) => setFrom(ev.target.value)} />
          </FormField>
          <FormField label="To" error={errors.to}>
            <Input type="datetime-local" value={to} onChange={(ev) => setTo(ev.target.value)} />
          </FormField>
          <FormError message={serverError} />
          <DialogFooter>
            <DialogClose asChild>
              <Button type="button" disabled={replay.isPending}>
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" variant="primary" pending={replay.isPending}>
              Send again
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
