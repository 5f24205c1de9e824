'use client';

import * as React from 'react';
import { History } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { targetTypeLabel } from '@/lib/audit/action-labels';
import { RecordHistory } from './record-history';

/** A "History" button that opens a record's audit events in a dialog (for pages whose records have no page of their own). */
export function RecordHistoryButton({
  tenant,
  targetType,
  targetId,
  name,
  iconOnly = false,
}: {
  tenant: string;
  targetType: string;
  targetId: string;
  name: string;
  iconOnly?: boolean;
}) {
  const [open, setOpen] = React.useState(false);
  return (
    <>
      <Button
        size={iconOnly ? 'icon-sm' : 'sm'}
        variant="ghost"
        aria-label={`History of ${targetTypeLabel(targetType)} ${name}`}
        onClick={() => setOpen(true)}
      >
        <History aria-hidden="true" />
        {iconOnly ? null : 'History'}
      </Button>
      <Dialog open={open} onOpenChange={setOpen}>
        <DialogContent className="max-w-2xl">
          <DialogHeader>
            <DialogTitle>History of {name}</DialogTitle>
            <DialogDescription>
              Every change of this {targetTypeLabel(targetType)}, newest first. Open an event to see its old and new values.
            </DialogDescription>
          </DialogHeader>
          <div className="-mx-5 border-y border-border">
            {open ? <RecordHistory tenant={tenant} targetType={targetType} targetId={targetId} targetName={name} /> : null}
          </div>
        </DialogContent>
      </Dialog>
    </>
  );
}
