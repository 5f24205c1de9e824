'use client';

import { Button } from '@/components/ui/button';
import { FormError } from '@/components/ui/form-error';
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import type { BatchDetailView, Move } from './api';
import { moveLabel } from './move-label';
import { BATCH_STATUS } from './status';

export type MoveConfirmDialogProps = {
  batch: BatchDetailView;
  /** The unsigned move to confirm; null closes the dialog. */
  move: Move | null;
  pending: boolean;
  /** Why the move failed, shown once in the dialog (no toast besides). */
  error?: string | null;
  onCancel: () => void;
  onConfirm: (move: Move) => void;
};

/** Asks before an unsigned lifecycle move: from which status to which, kept in the history, not undone. */
export function MoveConfirmDialog({ batch: b, move: confirming, pending, error, onCancel, onConfirm }: MoveConfirmDialogProps) {
  return (
    <Dialog open={confirming !== null} onOpenChange={(open) => (open || pending ? undefined : onCancel())}>
      <DialogContent className="max-w-md">
        <DialogHeader>
          <DialogTitle>
            {confirming ? moveLabel(confirming) : ''} for batch {b.batchNumber}?
          </DialogTitle>
          <DialogDescription>
            The batch moves from {BATCH_STATUS[b.status].label.toLowerCase()} to{' '}
            {confirming ? BATCH_STATUS[confirming.to].label.toLowerCase() : ''}. The move is kept in its history and the audit trail and
            cannot be undone.
          </DialogDescription>
        </DialogHeader>
        <FormError message={error ? 'The batch did not move.' : null} detail={error} data-testid="move-error" />
        <DialogFooter>
          <DialogClose asChild>
            <Button disabled={pending}>Cancel</Button>
          </DialogClose>
          <Button variant="primary" pending={pending} onClick={() => confirming && onConfirm(confirming)}>
            {confirming ? moveLabel(confirming) : ''}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
