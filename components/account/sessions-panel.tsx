'use client';

import { api } from '@/components/api-client';
import * as React from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Monitor, MonitorSmartphone, RotateCw, Smartphone, SquareTerminal } from 'lucide-react';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { EmptyState } from '@/components/ui/empty-state';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { toast } from '@/components/ui/toast';
import { SimpleTooltip } from '@/components/ui/tooltip';
import { ListSkeleton } from '@/components/ui/list-parts';

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

const SESSIONS_KEY = ['me', 'sessions'] as const;

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

function LocalTime({ iso }: { iso: string }) {
  const date = new Date(iso);
  const local = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
  const utc = `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return (
    <SimpleTooltip label={utc}>
      <time dateTime={iso} tabIndex={0} className="rounded-sm whitespace-nowrap focus-visible:outline-2 focus-visible:outline-ring">
        {local}
      </time>
    </SimpleTooltip>
  );
}

/** Your live sessions with a revoke button each: the console's view of GET/DELETE /api/v1/me/sessions. */
export function SessionsPanel() {
  const queryClient = useQueryClient();
  const sessions = useQuery({ queryKey: SESSIONS_KEY, queryFn: () => api<SessionItem[]>('/api/v1/me/sessions') });
  const [pending, setPending] = React.useState<SessionItem | null>(null);

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
      <CardContent className="px-0 pb-0">
        {sessions.isPending ? (
          <SessionsSkeleton />
        ) : sessions.isError ? (
          <div className="px-4 pb-4">
            <Alert tone="danger" role="alert" title="Your sessions could not be loaded.">
              <span>{sessions.error.message} </span>
              <Button
                variant="link"
                size="sm"
                className="align-baseline"
                onClick={() => void sessions.refetch()}
                pending={sessions.isFetching}
              >
                <RotateCw aria-hidden="true" />
                Try again
              </Button>
            </Alert>
          </div>
        ) : sessions.data.length === 0 ? (
          <div className="px-4 pb-4">
            <EmptyState icon={<MonitorSmartphone />} title="No active sessions" headingLevel="h3" size="compact">
              Sign-ins from browsers and API clients appear here.
            </EmptyState>
          </div>
        ) : (
          <Table aria-label="Your sessions" containerClassName="border-t border-border">
            <TableHeader>
              <TableRow>
                <TableHead>Device</TableHead>
                <TableHead>IP address</TableHead>
                <TableHead>Signed in</TableHead>
                <TableHead>Last active</TableHead>
                <TableHead className="text-right">
                  <span className="sr-only">Actions</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {sessions.data.map((session) => (
                <SessionRow key={session.id} session={session} onRevoke={() => setPending(session)} />
              ))}
            </TableBody>
          </Table>
        )}
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

function SessionRow({ session, onRevoke }: { session: SessionItem; onRevoke: () => void }) {
  const device = describeUserAgent(session.userAgent, session.kind);
  const Icon = session.kind === 'token' ? SquareTerminal : device.mobile ? Smartphone : Monitor;
  return (
    <TableRow data-testid="session-row" data-current={session.current || undefined}>
      <TableCell>
        <div className="flex min-w-0 items-center gap-2.5">
          <Icon aria-hidden="true" className="size-4 shrink-0 text-muted-foreground" />
          <div className="flex min-w-0 flex-col">
            <span className="flex flex-wrap items-center gap-2">
              <span className="truncate font-medium" title={session.userAgent ?? undefined}>
                {device.label}
              </span>
              {session.current ? <Badge tone="accent">This device</Badge> : null}
              {session.kind === 'token' ? <Badge>API token</Badge> : null}
            </span>
            {session.userAgent ? (
              <span className="max-w-[22rem] truncate text-xs text-muted-foreground" title={session.userAgent}>
                {session.userAgent}
              </span>
            ) : null}
          </div>
        </div>
      </TableCell>
      <TableCell className="font-mono text-xs whitespace-nowrap">
        {session.ip ?? <span className="text-muted-foreground">—</span>}
      </TableCell>
      <TableCell>
        <LocalTime iso={session.createdAt} />
      </TableCell>
      <TableCell>
        <LocalTime iso={session.lastSeenAt} />
      </TableCell>
      <TableCell className="text-right">
        <Button
          size="sm"
          variant="secondary"
          onClick={onRevoke}
          aria-label={`Revoke ${device.label}${session.current ? ' (this device)' : ''}`}
        >
          {session.current ? 'Sign out' : 'Revoke'}
        </Button>
      </TableCell>
    </TableRow>
  );
}

function SessionsSkeleton() {
  return (
    <ListSkeleton
      label="Loading your sessions"
      rows={3}
      className="border-t border-border px-4"
      cells={['size-4', 'h-4 w-48', 'hidden h-4 w-24 sm:block', 'hidden h-4 w-32 md:block', 'ml-auto h-7 w-16']}
    />
  );
}
