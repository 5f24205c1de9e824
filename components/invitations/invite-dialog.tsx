'use client';

import * as React from 'react';
import { Dialog, DialogContent } from '@/components/ui/dialog';
import type { BulkInviteResult, Seats } from './api';
import { BulkInviteResults } from './bulk-invite-results';
import { preloadInviteSchemas, type InviteFormValues } from './form-schema';
import { EMPTY_INVITE, InviteForm } from './invite-form';

export type InviteDialogProps = {
  tenant: string;
  /** The inviter's permissions: roles and teams carrying more than they may hand out are not offered. */
  permissions: readonly string[];
  /** Seats as the list last saw them (null while it loads). */
  seats: Seats | null;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** After every request that may have invited someone: refresh the list and the seats. */
  onInvited: () => void;
};

/** Invite one person (address, roles, optional teams) or up to 100 pasted addresses at once, with a result per address. */
export function InviteDialog({ tenant, permissions, seats, open, onOpenChange, onInvited }: InviteDialogProps) {
  const [result, setResult] = React.useState<BulkInviteResult | null>(null);
  const [retry, setRetry] = React.useState<InviteFormValues | null>(null);
  const [formKey, setFormKey] = React.useState(0);
  React.useEffect(() => {
    if (open) preloadInviteSchemas();
  }, [open]);
  const close = (next: boolean) => {
    if (next) return onOpenChange(true);
    onOpenChange(false);
    // Start fresh next time, once the closing animation is over.
    window.setTimeout(() => {
      setResult(null);
      setRetry(null);
      setFormKey((k) => k + 1);
    }, 200);
  };
  return (
    <Dialog open={open} onOpenChange={close}>
      <DialogContent className="max-w-xl">
        {result ? (
          <BulkInviteResults
            result={result}
            onRetry={(emails) => {
              setRetry((last) => ({ ...(last ?? EMPTY_INVITE), email: '', emails: emails.join('\n') }));
              setResult(null);
              setFormKey((k) => k + 1);
            }}
            onDone={() => close(false)}
          />
        ) : (
          <InviteForm
            key={formKey}
            tenant={tenant}
            permissions={permissions}
            seats={seats}
            retry={retry}
            onInvited={onInvited}
            onSingleDone={() => close(false)}
            onBulkDone={(done, values) => {
              setRetry(values);
              setResult(done);
            }}
          />
        )}
      </DialogContent>
    </Dialog>
  );
}
