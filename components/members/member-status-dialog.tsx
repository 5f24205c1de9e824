'use client';

import { useQueryClient } from '@tanstack/react-query';
import { AccessChangeDialog } from '@/components/ui/access-change-dialog';
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
  const suspending = member.status !== 'suspended';
  return (
    <AccessChangeDialog
      open={open}
      onOpenChange={onOpenChange}
      title={suspending ? `Suspend ${member.user.name}?` : `Reactivate ${member.user.name}?`}
      description={
        suspending
          ? 'They cannot use this tenant from their next request on: console, tokens and API keys. Their roles, teams and overrides are kept for their return, and they keep their seat. They are told by mail.'
          : 'They can use this tenant again with the roles, teams and overrides they had. They are told by mail.'
      }
      reasonHint={suspending ? 'Recorded in the audit trail and sent to them.' : null}
      confirmLabel={suspending ? 'Suspend member' : 'Reactivate member'}
      send={(reason) =>
        suspending
          ? api<Member>(`/api/v1/tenants/${tenant}/members/${member.id}/suspend`, { method: 'POST', json: reason ? { reason } : {} })
          : api<Member>(`/api/v1/tenants/${tenant}/members/${member.id}/reactivate`, { method: 'POST' })
      }
      onDone={(updated) => {
        queryClient.setQueryData(memberKey(tenant, member.id), updated);
        void queryClient.invalidateQueries({ queryKey: membersKey(tenant) });
        toast({
          tone: 'success',
          title: updated.status === 'suspended' ? `${member.user.name} is suspended` : `${member.user.name} is active again`,
        });
      }}
    />
  );
}
