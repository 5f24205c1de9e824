'use client';

import * as React from 'react';
import { Button } from '@/components/ui/button';
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { FormError } from '@/components/ui/form-error';
import type { SecurityActionResult } from './action-result';
import { needsStepUp, STEP_UP_HINT } from './step-up';

/** What the page says when a security action did not reach the server. */
export const UNREACHABLE = 'We could not reach Custos. Check your connection and try again.';

/**
 * One security action at a time: `run` calls it, hands its data to `onDone`, and otherwise keeps its refusal in words
 * (the step-up hint when a recent second-factor check was wanted, or that the server could not be reached) in `error`.
 */
export function useSecurityAction() {
  const [pending, setPending] = React.useState(false);
  const [error, setError] = React.useState<string | null>(null);
  const run = async <T,>(action: () => Promise<SecurityActionResult<T>>, onDone: (data: T) => void) => {
    setPending(true);
    setError(null);
    try {
      const result = await action();
      if (result.ok) onDone(result.data);
      else setError(needsStepUp(result) ? STEP_UP_HINT : result.error);
    } catch {
      setError(UNREACHABLE);
    } finally {
      setPending(false);
    }
  };
  return { pending, error, setError, run };
}

/** The confirmation before a security change: what it does, a refusal in words, Cancel, and the change's own button. */
export function ConfirmSecurityDialog({
  open,
  onOpenChange,
  title,
  description,
  error,
  pending,
  confirmLabel,
  pendingLabel,
  destructive,
  onConfirm,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: React.ReactNode;
  description: string;
  error: string | null;
  pending: boolean;
  confirmLabel: string;
  pendingLabel: string;
  destructive?: boolean;
  onConfirm: () => void;
}) {
  return (
    <Dialog open={open} onOpenChange={(next) => (pending ? undefined : onOpenChange(next))}>
      <DialogContent className="max-w-md">
        <DialogHeader>
          <DialogTitle>{title}</DialogTitle>
          <DialogDescription>{description}</DialogDescription>
        </DialogHeader>
        <FormError message={error} />
        <DialogFooter>
          <DialogClose asChild>
            <Button disabled={pending}>Cancel</Button>
          </DialogClose>
          <Button variant={destructive ? 'destructive' : 'primary'} pending={pending} onClick={onConfirm}>
            {pending ? pendingLabel : confirmLabel}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
