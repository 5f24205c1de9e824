'use client';

import { MEMBER_STATUS_LABEL } from '@/lib/access/labels';
import * as React from 'react';
import { useRouter } from 'next/navigation';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { PauseCircle, PlayCircle, UserMinus } from 'lucide-react';
import { Avatar } from '@/components/ui/avatar';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent } from '@/components/ui/card';
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { toast } from '@/components/ui/toast';
import { api, membersKey, type Member } from './api';
import { LocalTime } from './local-time';
import { MemberStatusDialog } from './member-status-dialog';

/**
 * Name, email, status, last sign-in and joined date; "Suspend" / "Reactivate" (members.remove, within your power) and
 * "Remove member", each with its confirmation.
 */
export function MemberHeader({ tenant, member, canRemove }: { tenant: string; member: Member; canRemove: boolean }) {
  const [statusOpen, setStatusOpen] = React.useState(false);
  const router = useRouter();
  const queryClient = useQueryClient();
  const [open, setOpen] = React.useState(false);
  const remove = useMutation({
    mutationFn: () => api<void>(`/api/v1/tenants/${tenant}/members/${member.id}`, { method: 'DELETE' }),
    onSuccess: () => {
      toast({ title: 'Member removed', description: `${member.user.name} no longer reaches this tenant.`, tone: 'success' });
      void queryClient.invalidateQueries({ queryKey: membersKey(tenant) });
      router.push(`/t/${tenant}/members`);
    },
    onError: (error) => {
      setOpen(false);
      toast({ tone: 'error', title: 'Could not remove the member', description: error.message });
    },
  });
  return (
    <Card>
      <CardContent className="flex flex-col gap-4 py-4 sm:flex-row sm:items-center">
        <Avatar name={member.user.name} src={member.user.image} size="lg" />
        <div className="grid min-w-0 flex-1 gap-1">
          <div className="flex flex-wrap items-center gap-2">
            <span className="truncate text-base font-semibold">{member.user.name}</span>
            <Badge
              tone={member.status === 'active' ? 'success' : member.status === 'suspended' ? 'danger' : 'neutral'}
              dot
              data-testid="member-status"
            >
              {MEMBER_STATUS_LABEL[member.status]}
            </Badge>
          </div>
          <span className="truncate text-[13px] text-muted-foreground">{member.user.email}</span>
          <dl className="flex flex-wrap gap-x-6 gap-y-1 text-xs text-muted-foreground">
            <div className="flex gap-1.5">
              <dt>Last sign-in</dt>
              <dd className="text-foreground">
                <LocalTime iso={member.lastSignInAt} fallback="Never" />
              </dd>
            </div>
            <div className="flex gap-1.5">
              <dt>Joined</dt>
              <dd className="text-foreground">
                <LocalTime iso={member.joinedAt} />
              </dd>
            </div>
          </dl>
        </div>
        {canRemove ? (
          <div className="flex flex-wrap gap-2">
            <Button size="sm" onClick={() => setStatusOpen(true)}>
              {member.status === 'suspended' ? <PlayCircle aria-hidden="true" /> : <PauseCircle aria-hidden="true" />}
              {member.status === 'suspended' ? 'Reactivate' : 'Suspend'}
            </Button>
            <Button variant="destructive" size="sm" onClick={() => setOpen(true)}>
              <UserMinus aria-hidden="true" />
              Remove member
            </Button>
          </div>
        ) : null}
      </CardContent>
      {member.status === 'suspended' ? (
        <p className="border-t border-border px-6 py-3 text-[13px] text-muted-foreground">
          Suspended: they cannot use this tenant until reactivated. Their roles, teams and overrides are kept, and they keep their seat.
        </p>
      ) : null}
      <MemberStatusDialog tenant={tenant} member={member} open={statusOpen} onOpenChange={setStatusOpen} />
      <Dialog open={open} onOpenChange={(next) => (remove.isPending ? undefined : setOpen(next))}>
        <DialogContent className="max-w-md">
          <DialogHeader>
            <DialogTitle>Remove {member.user.name}?</DialogTitle>
            <DialogDescription>
              They lose every role, team and override here and cannot reach this tenant from their next request on. Their records and audit
              trail stay.
            </DialogDescription>
          </DialogHeader>
          <DialogFooter>
            <DialogClose asChild>
              <Button disabled={remove.isPending}>Cancel</Button>
            </DialogClose>
            <Button variant="destructive" pending={remove.isPending} onClick={() => remove.mutate()}>
              Remove member
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </Card>
  );
}
