'use client';

import * as React from 'react';
import { useMutation } from '@tanstack/react-query';
import { Button } from './button';
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from './dialog';
import { FormError } from './form-error';
import { FormField } from './form-field';
import { Textarea } from './textarea';

/**
 * The confirmation before access is taken away (with an optional reason, up to 500 characters) or given back. `send`
 * gets the reason trimmed ('' when none); on success `onDone` runs and the dialog closes. A refusal shows in the dialog
 * and the reason typed is kept; each opening starts empty. The dialog stays open while the change is on its way.
 */
export function AccessChangeDialog<T>({
  open,
  onOpenChange,
  title,
  description,
  reasonHint,
  confirmLabel,
  send,
  onDone,
  onSettled,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description: string;
  /** Taking access away: the optional reason's description (where the reason goes); the confirmation is red. */
  reasonHint: string | null;
  confirmLabel: string;
  send: (reason: string) => Promise<T>;
  onDone: (result: T) => void;
  onSettled?: () => unknown;
}) {
  const [reason, setReason] = React.useState('');
  const [error, setError] = React.useState<string | null>(null);
  // Each opening starts empty (adjusted while rendering, not in an effect).
  const [wasOpen, setWasOpen] = React.useState(open);
  if (wasOpen !== open) {
    setWasOpen(open);
    if (open) {
      setReason('');
      setError(null);
    }
  }
  const change = useMutation({
    mutationFn: () => send(reason.trim()),
    onSettled,
    onSuccess: (result) => {
      onDone(result);
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
            <DialogTitle>{title}</DialogTitle>
            <DialogDescription>{description}</DialogDescription>
          </DialogHeader>
          <FormError message={error} />
          {reasonHint ? (
            <FormField label="Reason" optional description={reasonHint}>
              <Textarea name="reason" value={reason} maxLength={500} rows={3} onChange={(e) => setReason(e.target.value)} />
            </FormField>
          ) : null}
          <DialogFooter>
            <DialogClose asChild>
              <Button type="button" disabled={change.isPending}>
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" variant={reasonHint ? 'destructive' : 'primary'} pending={change.isPending}>
              {confirmLabel}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
