'use client';

import * as React from 'react';
import { keepPreviousData, useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { MailPlus, Search } from 'lucide-react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardContent } from '@/components/ui/card';
import { cn } from '@/components/ui/cn';
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { EmptyState } from '@/components/ui/empty-state';
import { Input, controlClasses } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { PageHeader } from '@/components/ui/page-header';
import { Skeleton } from '@/components/ui/skeleton';
import { toast } from '@/components/ui/toast';
import {
  api,
  invitationListQuery,
  invitationSortOptions,
  invitationsKey,
  invitationsListKey,
  invitationsPath,
  readInvitationListFilters,
  type InvitationList,
  type InvitationStatus,
  type InvitationView,
  type Seats,
} from './api';
import { InvitationsTable } from './invitations-table';
import { InviteDialog } from './invite-dialog';
import { SeatsLine } from './seats';
import { seatsFull } from '@/lib/invitations/policy';
import { useListParams, useSearchBox, useTableSort } from '@/components/ui/use-list-params';

const STATUSES: ReadonlyArray<{ value: '' | InvitationStatus; label: string }> = [
  { value: '', label: 'All statuses' },
  { value: 'pending', label: 'Pending' },
  { value: 'accepted', label: 'Accepted' },
  { value: 'expired', label: 'Expired' },
  { value: 'revoked', label: 'Revoked' },
];

export type InvitationsPanelProps = {
  tenant: string;
  /** The member's permissions (members.invite among them): which roles and teams they may hand out. */
  permissions: readonly string[];
};

/**
 * The tenant's invitations: seats used of the plan's, the list (status filter and address search kept in the URL,
 * `?status=`, `?q=`; cursor pages), invite one or many, resend and revoke.
 */
export function InvitationsPanel({ tenant, permissions }: InvitationsPanelProps) {
  const filters = useListParams();
  const sort = useTableSort(invitationSortOptions);
  const listFilters = readInvitationListFilters(filters.params);
  const { q, status } = listFilters;
  const [search, setSearch] = useSearchBox(filters);
  const clearFilters = () => filters.setMany({ q: '', status: '' });

  const queryClient = useQueryClient();
  const base = invitationsPath(tenant);
  const list = useInfiniteQuery({
    queryKey: invitationsListKey(tenant, listFilters),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const qs = new URLSearchParams(invitationListQuery(listFilters));
      if (pageParam) qs.set('cursor', pageParam);
      return api<InvitationList>(`${base}?${qs}`);
    },
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
  const rows = React.useMemo(() => list.data?.pages.flatMap((p) => p.data), [list.data]);
  const seats: Seats | null = list.data?.pages[0]?.seats ?? null;
  const filtered = Boolean(q || status);
  const refresh = React.useCallback(() => void queryClient.invalidateQueries({ queryKey: invitationsKey(tenant) }), [queryClient, tenant]);

  const [inviting, setInviting] = React.useState(false);
  const [revoking, setRevoking] = React.useState<InvitationView | null>(null);

  const resend = useMutation({
    mutationFn: (invitation: InvitationView) => api<InvitationView>(`${base}/${invitation.id}/resend`, { method: 'POST' }),
    onSuccess: (invitation) => {
      toast({
        title: 'Invitation sent again',
        description: `${invitation.email} gets a new link for 7 days; the earlier link no longer works.`,
        tone: 'success',
      });
    },
    onError: (error) => toast({ tone: 'error', title: 'Could not resend the invitation', description: error.message }),
    onSettled: refresh,
  });

  const revoke = useMutation({
    mutationFn: (invitation: InvitationView) => api<InvitationView>(`${base}/${invitation.id}`, { method: 'DELETE' }),
    onSuccess: (invitation) => {
      setRevoking(null);
      toast({
        title: 'Invitation revoked',
        description: `The link sent to ${invitation.email} no longer works, and its seat is free.`,
        tone: 'success',
      });
    },
    onError: (error) => toast({ tone: 'error', title: 'Could not revoke the invitation', description: error.message }),
    onSettled: refresh,
  });

  const { mutate: resendMutate } = resend;
  const resendOne = React.useCallback((inv: InvitationView) => resendMutate(inv), [resendMutate]);

  const inviteButton = (
    <Button variant="primary" onClick={() => setInviting(true)}>
      <MailPlus aria-hidden="true" />
      Invite
    </Button>
  );
  const full = seats !== null && seatsFull(seats);

  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Invitations"
        description="Invite people by email with the roles and teams they start with. Each link works once, for 7 days; resend it for a new one."
        actions={inviteButton}
      />

      <Card aria-label="Seats">
        <CardContent className="grid gap-3 pt-4">
          {seats ? (
            <SeatsLine seats={seats} />
          ) : list.isError ? (
            <p className="text-[13px] text-muted-foreground">Seats are shown once the invitations load.</p>
          ) : (
            <div aria-busy="true" aria-label="Loading seats" className="grid gap-2">
              <Skeleton className="h-4 w-40" />
              <Skeleton className="h-1.5 w-full" />
            </div>
          )}
          {full ? (
            <Alert tone="warning" role="status" title={`All ${seats?.limit} seats are taken.`}>
              New invitations are refused until a seat frees up: revoke a pending invitation, remove a member, or ask a platform
              administrator for a larger plan.
            </Alert>
          ) : null}
        </CardContent>
      </Card>

      <InvitationsTable
        rows={rows}
        stale={list.isPlaceholderData}
        sort={sort}
        query={list}
        pages={list}
        resendingId={resend.isPending ? (resend.variables?.id ?? null) : null}
        onResend={resendOne}
        onRevoke={setRevoking}
        toolbar={
          <div className="flex flex-col gap-2 sm:flex-row sm:items-end">
            <div className="grid gap-1.5 sm:w-72">
              <Label htmlFor="invitations-search">Search</Label>
              <div className="relative">
                <Search
                  aria-hidden="true"
                  className="pointer-events-none absolute top-1/2 left-2.5 size-3.5 -translate-y-1/2 text-muted-foreground"
                />
                <Input
                  id="invitations-search"
                  type="search"
                  placeholder="Email address"
                  className="pl-8"
                  value={search}
                  onChange={(e) => setSearch(e.target.value)}
                />
              </div>
            </div>
            <div className="grid gap-1.5 sm:w-44">
              <Label htmlFor="invitations-status">Status</Label>
              <select
                id="invitations-status"
                className={cn(controlClasses, 'h-8')}
                value={status}
                onChange={(e) => filters.set('status', e.target.value)}
              >
                {STATUSES.map((s) => (
                  <option key={s.value} value={s.value}>
                    {s.label}
                  </option>
                ))}
              </select>
            </div>
            {filtered ? (
              <Button variant="ghost" size="sm" className="self-start sm:mb-0.5 sm:self-auto" onClick={clearFilters}>
                Clear filters
              </Button>
            ) : null}
          </div>
        }
        empty={
          <EmptyState
            icon={<MailPlus />}
            title={
              filtered
                ? status && !q
                  ? `No ${STATUSES.find((s) => s.value === status)?.label.toLowerCase()} invitations`
                  : 'No invitation matches'
                : 'No invitations yet'
            }
            action={
              filtered ? (
                <Button size="sm" onClick={clearFilters}>
                  Clear filters
                </Button>
              ) : (
                <Button size="sm" onClick={() => setInviting(true)}>
                  <MailPlus aria-hidden="true" />
                  Invite people
                </Button>
              )
            }
          >
            {filtered
              ? 'Try another address or status, or clear the filters to see every invitation.'
              : 'Invite people by email, one at a time or up to 100 at once. They join with the roles you choose when they accept the link.'}
          </EmptyState>
        }
      />

      <InviteDialog
        tenant={tenant}
        permissions={permissions}
        seats={seats}
        open={inviting}
        onOpenChange={setInviting}
        onInvited={refresh}
      />

      <Dialog open={revoking !== null} onOpenChange={(open) => (open || revoke.isPending ? undefined : setRevoking(null))}>
        <DialogContent className="max-w-md">
          <DialogHeader>
            <DialogTitle>Revoke the invitation to {revoking?.email}?</DialogTitle>
            <DialogDescription>
              The link in their email stops working at once and the seat is free again. This cannot be undone; you can invite the address
              again later.
            </DialogDescription>
          </DialogHeader>
          <DialogFooter>
            <DialogClose asChild>
              <Button disabled={revoke.isPending}>Cancel</Button>
            </DialogClose>
            <Button variant="destructive" pending={revoke.isPending} onClick={() => revoking && revoke.mutate(revoking)}>
              Revoke invitation
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </div>
  );
}
