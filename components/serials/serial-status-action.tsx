'use client';

import * as React from 'react';
import { useRouter } from 'next/navigation';
import { ListChecks } from 'lucide-react';
import { Button } from '@/components/ui/button';
import type { SerialRules, SerialStatus } from './api';
import { ChangeSerialStatusDialog, targetsFor } from './change-serial-status-dialog';

/** The serial page's "Change status" (serials.update): the bulk dialog with this one serial; the page reloads after. */
export function SerialStatusAction({
  tenant,
  batchId,
  serial,
  status,
  rules,
}: {
  tenant: string;
  batchId: string;
  serial: string;
  status: SerialStatus;
  rules: SerialRules;
}) {
  const router = useRouter();
  const [open, setOpen] = React.useState(false);
  const selection = { kind: 'list' as const, serials: [{ serial, status }] };
  if (targetsFor(selection).length === 0) return null; // a final status: nothing to change
  return (
    <>
      <Button onClick={() => setOpen(true)}>
        <ListChecks aria-hidden="true" />
        Change status
      </Button>
      <ChangeSerialStatusDialog
        tenant={tenant}
        batchId={batchId}
        rules={rules}
        selection={open ? selection : null}
        onOpenChange={setOpen}
        onChanged={() => {
          setOpen(false);
          router.refresh();
        }}
      />
    </>
  );
}
