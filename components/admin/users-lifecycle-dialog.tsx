'use client';

import * as React from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button } from '@/components/ui/button';
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { FormError } from '@/components/ui/form-error';
import { FormField } from '@/components/ui/form-field';
import { Textarea } from '@/components/ui/textarea';
import { toast } from '@/components/ui/toast';
import type { AdminUser } from '@/lib/platform-admin/user-schemas';
import { api } from './api';
import { adminUsersKey } from './users-api';

/**
 * Deactivate an account (with an optional reason, mailed to the person) or reactivate it, after a confirmation.
 * What the server refuses (the last platform admin, your own account) shows in the dialog; the reason is kept.
 */
export function UserLifecycleDialog({ pending, onClose }: { pending: AdminUser | null; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [reason, setReason] = React.useState('');
  const [error, setError] = React.useState<string | null>(null);
  // Each opening starts empty (adjusted while rendering, not in an effect).
  const [shown, setShown] = React.useState<AdminUser | null>(null);
  if (shown !== pending) {
    setShown(pending);
    setReason('');
    setError(null);
  }
  const deactivating = pending?.status === 'active';
  const change = useMutation({
    mutationFn: (user: AdminUser) =>
      user.status === 'active'
        ? api<AdminUser>(`/api/v1/admin/users/${user.id}/deactivate`, {
            method: 'POST',
            json: reason.trim() ? { reason: reason.trim() } : {},
          })
        : api<AdminUser>(`/api/v1/admin/users/${user.id}/reactivate`, { method: 'POST' }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: adminUsersKey }),
    onSuccess: (user) => {
      toast({ title: user.status === 'deactivated' ? `${user.name} is deactivated` : `${user.name} can sign in again` });
      onClose();
    },
    onError: (e) => setError(e.message),
  });
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (pending) change.mutate(pending);
  };
  return (
    <Dialog open={pending !== null} onOpenChange={(open) => (open || change.isPending ? undefined : onClose())}>
      <DialogContent className="max-w-md">
        <form onSubmit={submit} className="grid gap-4">
          <DialogHeader>
            <DialogTitle>{deactivating ? `Deactivate ${pending?.name}?` : `Reactivate ${pending?.name}?`}</DialogTitle>
            <DialogDescription>
              {deactivating
                ? 'They are signed out everywhere at once, and their sign-in, tokens and API keys stop working. Their memberships, roles and records are kept. They are told by mail.'
                : 'They can sign in again and find their memberships and roles as they were. They are told by mail.'}
            </DialogDescription>
          </DialogHeader>
          <FormError message={error} />
          {deactivating ? (
            <FormField label="Reason" optional description="Shown to platform admins and sent to the person.">
              <Textarea name="reason" value={reason} maxLength={500} rows={3} onChange={(e) => setReason(e.target.value)} />
            </FormField>
          ) : null}
          <DialogFooter>
            <DialogClose asChild>
              <Button type="button" disabled={change.isPending}>
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" variant={deactivating ? 'destructive' : 'primary'} pending={change.isPending}>
              {deactivating ? 'Deactivate account' : 'Reactivate account'}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
