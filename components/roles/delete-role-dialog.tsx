'use client';

import { Button } from '@/components/ui/button';
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import type { Role } from './api';

/** Confirm deleting a role; a role still held by members or teams cannot be deleted (the server refuses it too). */
export function DeleteRoleDialog({
  role,
  pending,
  onClose,
  onConfirm,
}: {
  role: Role | null;
  pending: boolean;
  onClose: () => void;
  onConfirm: (role: Role) => void;
}) {
  const inUse = !!role && (role.memberCount > 0 || role.teamCount > 0);
  return (
    <Dialog open={role !== null} onOpenChange={(open) => (open || pending ? undefined : onClose())}>
      <DialogContent className="max-w-md">
        <DialogHeader>
          <DialogTitle>Delete the role {role?.name}?</DialogTitle>
          <DialogDescription>
            {inUse
              ? `It is assigned to ${role.memberCount} member(s) and ${role.teamCount} team(s). Unassign it first; the server refuses to delete a role in use.`
              : 'Nobody holds it. This cannot be undone; the deletion is recorded in the audit trail.'}
          </DialogDescription>
        </DialogHeader>
        <DialogFooter>
          <DialogClose asChild>
            <Button disabled={pending}>Cancel</Button>
          </DialogClose>
          <Button variant="destructive" pending={pending} disabled={inUse} onClick={() => role && onConfirm(role)}>
            Delete role
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
