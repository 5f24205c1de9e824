'use client';

import * as React from 'react';
import { LifeBuoy } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { RECOVERY_CODE_COUNT } from '@/lib/auth/mfa/policy';
import type { SecurityActionResult } from './action-result';
import { RecoveryCodesReveal } from './recovery-codes-reveal';
import { ConfirmSecurityDialog, useSecurityAction } from './security-action';

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
  const [codes, setCodes] = React.useState<string[] | null>(null);
  const { pending, error, setError, run } = useSecurityAction();

  const confirm = () =>
    run(regenerate, (data) => {
      setOpen(false);
      setCodes(data.recoveryCodes);
    });

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
      <ConfirmSecurityDialog
        open={open}
        onOpenChange={(next) => (setOpen(next), setError(null))}
        title="Make new recovery codes?"
        description="Ten new codes replace your current ones: every earlier code stops working."
        error={error}
        pending={pending}
        confirmLabel="Make new codes"
        pendingLabel="Making codes…"
        onConfirm={() => void confirm()}
      />
    </Card>
  );
}
