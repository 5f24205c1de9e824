'use client';

import * as React from 'react';
import { LifeBuoy } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { FormError } from '@/components/ui/form-error';
import { RECOVERY_CODE_COUNT } from '@/lib/auth/mfa/policy';
import type { SecurityActionResult } from './action-result';
import { RecoveryCodesReveal } from './recovery-codes-reveal';
import { needsStepUp, STEP_UP_HINT } from './step-up';

/** How many recovery codes are left, and Regenerate (every earlier code stops working) with the new ones shown once. */
export function RecoveryCodesCard({
  left,
  hasFactor,
  regenerate,
}: {
  left: number;
  hasFactor: boolean;
  regenerate: () => Promise<SecurityActionResult<{ recoveryCodes: string[] }>>;
}) {
  const [open, setOpen] = React.useState(false);
  const [pending, setPending] = React.useState(false);
  const [error, setError] = React.useState<string | null>(null);
  const [codes, setCodes] = React.useState<string[] | null>(null);

  const confirm = async () => {
    setPending(true);
    setError(null);
    try {
      const result = await regenerate();
      if (result.ok) {
        setOpen(false);
        setCodes(result.data.recoveryCodes);
      } else setError(needsStepUp(result) ? STEP_UP_HINT : result.error);
    } catch {
      setError('We could not reach Custos. Check your connection and try again.');
    } finally {
      setPending(false);
    }
  };

  return (
    <Card aria-labelledby="recovery-title" role="region">
      <CardHeader className="flex-col gap-1">
        <div className="flex items-center gap-2">
          <LifeBuoy aria-hidden="true" className="size-4 text-muted-foreground" />
          <CardTitle id="recovery-title">Recovery codes</CardTitle>
        </div>
        <CardDescription>Each code signs you in once when your phone or security key is not at hand.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        {codes ? (
          <RecoveryCodesReveal codes={codes} onDone={() => setCodes(null)} />
        ) : hasFactor ? (
          <div className="flex flex-wrap items-center justify-between gap-3">
            <p className="text-[13px]" data-testid="recovery-codes-left">
              <span className="font-medium">
                {left} of {RECOVERY_CODE_COUNT}
              </span>{' '}
              codes left{left <= 3 ? ' — make new ones soon.' : '.'}
            </p>
            <Button type="button" size="sm" onClick={() => setOpen(true)}>
              Make new codes
            </Button>
          </div>
        ) : (
          <p className="text-[13px] text-muted-foreground">You get ten codes when you set up an authenticator app or your first passkey.</p>
        )}
      </CardContent>
      <Dialog open={open} onOpenChange={(next) => (pending ? undefined : (setOpen(next), setError(null)))}>
        <DialogContent className="max-w-md">
          <DialogHeader>
            <DialogTitle>Make new recovery codes?</DialogTitle>
            <DialogDescription>Ten new codes replace your current ones: every earlier code stops working.</DialogDescription>
          </DialogHeader>
          <FormError message={error} />
          <DialogFooter>
            <DialogClose asChild>
              <Button disabled={pending}>Cancel</Button>
            </DialogClose>
            <Button variant="primary" pending={pending} onClick={() => void confirm()}>
              {pending ? 'Making codes…' : 'Make new codes'}
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </Card>
  );
}
