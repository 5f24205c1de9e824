'use client';

import { api } from '@/components/api-client';
import * as React from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Monitor, MonitorSmartphone, Smartphone, SquareTerminal } from 'lucide-react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { EmptyState } from '@/components/ui/empty-state';
import { DataTable, type DataTableColumn } from '@/components/ui/data-table';
import { TableDate } from '@/components/ui/table-date';
import { toast } from '@/components/ui/toast';
import { useTableSort } from '@/components/ui/use-list-params';
import { SESSIONS_KEY } from './sessions-key';

/** One item of GET /api/v1/me/sessions. */
export type SessionItem = {
  id: string;
  kind: 'browser' | 'token';
  createdAt: string;
  lastSeenAt: string;
  ip: string | null;
  userAgent: string | null;
  current: boolean;
};

export { SESSIONS_KEY };

/** "Firefox on macOS" from a user agent string; the raw string stays available on hover. */
export function describeUserAgent(userAgent: string | null, kind: SessionItem['kind']): { label: string; mobile: boolean } {
  if (!userAgent) return { label: kind === 'token' ? 'API client' : 'Unknown device', mobile: false };
  const ua = userAgent;
  const browser = /Edg(A|iOS)?\//.test(ua)
    ? 'Edge'
    : /OPR\/|Opera/.test(ua)
      ? 'Opera'
      : /Firefox\/|FxiOS\//.test(ua)
        ? 'Firefox'
        : /Chrome\/|CriOS\//.test(ua)
          ? 'Chrome'
          : /Version\/[\d.]+.*Safari\//.test(ua)
            ? 'Safari'
            : null;
  const os = /iPhone|iPad|iPod/.test(ua)
    ? 'iOS'
    : /Android/.test(ua)
      ? 'Android'
      : /Windows/.test(ua)
        ? 'Windows'
        : /CrOS/.test(ua)
          ? 'ChromeOS'
          : /Mac OS X|Macintosh/.test(ua)
            ? 'macOS'
            : /Linux/.test(ua)
              ? 'Linux'
              : null;
  const mobile = /Mobi|iPhone|Android/.test(ua);
  if (browser && os) return { label: `${browser} on ${os}`, mobile };
  if (browser || os) return { label: (browser ?? os)!, mobile };
  // Not a browser: an API client names itself ("acme-sync/2.1 …"), keep its first word.
  const product = ua.split(/\s+/)[0].slice(0, 40);
  return { label: kind === 'token' ? `API client · ${product}` : product, mobile: false };
}

function sessionColumns(onRevoke: (session: SessionItem) => void): DataTableColumn<SessionItem>[] {
  return [
    {
      id: 'device',
      header: 'Device',
      accessorFn: (session) => describeUserAgent(session.userAgent, session.kind).label,
      meta: { primary: true },
      cell: ({ row }) => <DeviceCell session={row.original} />,
    },
    {
      id: 'ip',
      header: 'IP address',
      accessorKey: 'ip',
      meta: { cellClassName: 'font-mono text-xs' },
      cell: ({ row }) => row.original.ip ?? <span className="text-muted-foreground">—</span>,
    },
    {
      id: 'signedIn',
      header: 'Signed in',
      accessorKey: 'createdAt',
      sortDescFirst: true,
      cell: ({ row }) => <TableDate iso={row.original.createdAt} />,
    },
    {
      id: 'lastActive',
      header: 'Last active',
      accessorKey: 'lastSeenAt',
      sortDescFirst: true,
      cell: ({ row }) => <TableDate iso={row.original.lastSeenAt} />,
    },
    {
      id: 'actions',
      header: () => <span className="sr-only">Actions</span>,
      meta: { actions: true, label: 'Actions', cellClassName: 'lg:w-px lg:text-right lg:whitespace-nowrap' },
      cell: ({ row }) => {
        const session = row.original;
        const device = describeUserAgent(session.userAgent, session.kind).label;
        return (
          <Button
            size="sm"
            variant="secondary"
            onClick={() => onRevoke(session)}
            aria-label={session.current ? `Sign out of ${device} (this device)` : `Revoke ${device}`}
          >
            {session.current ? 'Sign out' : 'Revoke'}
          </Button>
        );
      },
    },
  ];
}

/** Your live sessions with a revoke button each: the console's view of GET/DELETE /api/v1/me/sessions. */
export function SessionsPanel() {
  const queryClient = useQueryClient();
  const sessions = useQuery({ queryKey: SESSIONS_KEY, queryFn: () => api<SessionItem[]>('/api/v1/me/sessions') });
  const [pending, setPending] = React.useState<SessionItem | null>(null);
  const sort = useTableSort({ default: { id: 'lastActive', desc: true } });
  const columns = React.useMemo(() => sessionColumns(setPending), [setPending]);

  const revoke = useMutation({
    mutationFn: (session: SessionItem) => api<void>(`/api/v1/me/sessions/${session.id}`, { method: 'DELETE' }),
    onSuccess: (_data, session) => {
      setPending(null);
      if (session.current) {
        window.location.assign('/sign-in');
        return;
      }
      toast({ title: 'Session revoked', description: 'That device is signed out from its next request on.' });
      queryClient.setQueryData<SessionItem[]>(SESSIONS_KEY, (list) => list?.filter((s) => s.id !== session.id));
      void queryClient.invalidateQueries({ queryKey: SESSIONS_KEY });
    },
    onError: (error) => {
      toast({ tone: 'error', title: 'Could not revoke the session', description: error.message });
      void queryClient.invalidateQueries({ queryKey: SESSIONS_KEY });
    },
  });

  return (
    <Card>
      <CardHeader className="flex-col gap-1">
        <CardTitle>Sessions</CardTitle>
        <CardDescription>
          Every place you are signed in: browsers and API clients. Revoke any you do not recognise; it is signed out on its next request.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <DataTable
          label="Your sessions"
          columns={columns}
          data={sessions.data}
          getRowId={(session) => session.id}
          sort={sort}
          cardsBelow="lg"
          query={sessions}
          loadingLabel="Loading your sessions"
          errorTitle="Your sessions could not be loaded."
          skeletonRows={3}
          rowTestId="session-row"
          rowProps={(session) => ({ 'data-current': session.current ? 'true' : undefined })}
          empty={
            <EmptyState icon={<MonitorSmartphone />} title="No active sessions" headingLevel="h3" size="compact">
              Sign-ins from browsers and API clients appear here.
            </EmptyState>
          }
        />
      </CardContent>

      <Dialog open={pending !== null} onOpenChange={(open) => (open || revoke.isPending ? undefined : setPending(null))}>
        <DialogContent className="max-w-md">
          <DialogHeader>
            <DialogTitle>{pending?.current ? 'Sign out of this device?' : 'Revoke this session?'}</DialogTitle>
            <DialogDescription>
              {pending
                ? pending.current
                  ? 'This is the session you are using now. You will be signed out here and need to sign in again.'
                  : `${describeUserAgent(pending.userAgent, pending.kind).label}${pending.ip ? ` (${pending.ip})` : ''} will be signed out on its next request${pending.kind === 'token' ? ', and its refresh token stops working' : ''}.`
                : null}
            </DialogDescription>
          </DialogHeader>
          <DialogFooter>
            <DialogClose asChild>
              <Button disabled={revoke.isPending}>Cancel</Button>
            </DialogClose>
            <Button variant="destructive" pending={revoke.isPending} onClick={() => pending && revoke.mutate(pending)}>
              {pending?.current ? 'Sign out' : 'Revoke session'}
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </Card>
  );
}

/** The device a session runs on, its badges, and the raw user agent (wrapped, two lines at most). */
function DeviceCell({ session }: { session: SessionItem }) {
  const device = describeUserAgent(session.userAgent, session.kind);
  const Icon = session.kind === 'token' ? SquareTerminal : device.mobile ? Smartphone : Monitor;
  return (
    <div className="flex min-w-0 items-start gap-2.5">
      <Icon aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-muted-foreground" />
      <div className="flex min-w-0 flex-col gap-0.5">
        <span className="flex flex-wrap items-center gap-2">
          <span className="font-medium" title={session.userAgent ?? undefined}>
            {device.label}
          </span>
          {session.current ? <Badge tone="accent">This device</Badge> : null}
          {session.kind === 'token' ? <Badge>API token</Badge> : null}
        </span>
        {session.userAgent ? (
          <span className="line-clamp-2 text-xs font-normal break-all text-muted-foreground" title={session.userAgent}>
            {session.userAgent}
          </span>
        ) : null}
      </div>
    </div>
  );
}
