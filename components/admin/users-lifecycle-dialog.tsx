'use client';

import { useQueryClient } from '@tanstack/react-query';
import { AccessChangeDialog } from '@/components/ui/access-change-dialog';
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
  const deactivating = pending?.status === 'active';
  return (
    <AccessChangeDialog
      open={pending !== null}
      onOpenChange={(open) => (open ? undefined : onClose())}
      title={deactivating ? `Deactivate ${pending?.name}?` : `Reactivate ${pending?.name}?`}
      description={
        deactivating
          ? 'They are signed out everywhere at once, and their sign-in, tokens and API keys stop working. Their memberships, roles and records are kept. They are told by mail.'
          : 'They can sign in again and find their memberships and roles as they were. They are told by mail.'
      }
      reasonHint={deactivating ? 'Shown to platform admins and sent to the person.' : null}
      confirmLabel={deactivating ? 'Deactivate account' : 'Reactivate account'}
      send={(reason) =>
        deactivating
          ? api<AdminUser>(`/api/v1/admin/users/${pending.id}/deactivate`, { method: 'POST', json: reason ? { reason } : {} })
          : api<AdminUser>(`/api/v1/admin/users/${pending!.id}/reactivate`, { method: 'POST' })
      }
      onSettled={() => queryClient.invalidateQueries({ queryKey: adminUsersKey })}
      onDone={(user) => toast({ title: user.status === 'deactivated' ? `${user.name} is deactivated` : `${user.name} can sign in again` })}
    />
  );
}
