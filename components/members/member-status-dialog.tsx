'use client';

import * as React from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button } from '@/components/ui/button';
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { FormError } from '@/components/ui/form-error';
import { FormField } from '@/components/ui/form-field';
import { Textarea } from '@/components/ui/textarea';
import { toast } from '@/components/ui/toast';
import { api, memberKey, membersKey, type Member } from './api';

/**
 * Suspend a member (with an optional reason, mailed to them) or reactivate them, after a confirmation. A refusal (the
 * last full admin, beyond your power) shows in the dialog and the reason typed is kept.
 */
export function MemberStatusDialog({
  tenant,
  member,
  open,
  onOpenChange,
}: {
  tenant: string;
  member: Member;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const queryClient = useQueryClient();
  const [reason, setReason] = React.useState('');
  const [error, setError] = React.useState<string | null>(null);
  const [wasOpen, setWasOpen] = React.useState(open);
  if (wasOpen !== open) {
    setWasOpen(open);
    if (open) {
      setReason('');
      setError(null);
    }
  }
  const suspending = member.status !== 'suspended';
  const change = useMutation({
    mutationFn: () =>
      suspending
        ? api<Member>(`/api/v1/tenants/${tenant}/members/${member.id}/suspend`, {
            method: 'POST',
            json: reason.trim() ? { reason: reason.trim() } : {},
          })
        : api<Member>(`/api/v1/tenants/${tenant}/members/${member.id}/reactivate`, { method: 'POST' }),
    onSuccess: (updated) => {
      queryClient.setQueryData(memberKey(tenant, member.id), updated);
      void queryClient.invalidateQueries({ queryKey: membersKey(tenant) });
      toast({
        tone: 'success',
        title: updated.status === 'suspended' ? `${member.user.name} is suspended` : `${member.user.name} is active again`,
      });
      onOpenChange(false);
    },
    onError: (e) => setError(e.message),
  });
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    change.mutate();
  };
  return (
    <Dialog open={open} onOpenChange={(next) => (change.isPending ? undefined : onOpenChange(next))}>
      <DialogContent className="max-w-md">
        <form onSubmit={submit} className="grid gap-4">
          <DialogHeader>
            <DialogTitle>{suspending ? `Suspend ${member.user.name}?` : `Reactivate ${member.user.name}?`}</DialogTitle>
            <DialogDescription>
              {suspending
                ? 'They cannot use this tenant from their next request on: console, tokens and API keys. Their roles, teams and overrides are kept for their return, and they keep their seat. They are told by mail.'
                : 'They can use this tenant again with the roles, teams and overrides they had. They are told by mail.'}
            </DialogDescription>
          </DialogHeader>
          <FormError message={error} />
          {suspending ? (
            <FormField label="Reason" optional description="Recorded in the audit trail and sent to them.">
              <Textarea name="reason" value={reason} maxLength={500} rows={3} onChange={(e) => setReason(e.target.value)} />
            </FormField>
          ) : null}
          <DialogFooter>
            <DialogClose asChild>
              <Button type="button" disabled={change.isPending}>
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" variant={suspending ? 'destructive' : 'primary'} pending={change.isPending}>
              {suspending ? 'Suspend member' : 'Reactivate member'}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
