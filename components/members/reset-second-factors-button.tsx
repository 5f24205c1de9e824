'use client';

import * as React from 'react';
import { useMutation } from '@tanstack/react-query';
import { ShieldOff } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { FormError } from '@/components/ui/form-error';
import { toast } from '@/components/ui/toast';
import { mayResetSecondFactors } from '@/lib/auth/mfa/policy';
import { api } from './api';

type Reset = { totp: boolean; passkeys: number; recoveryCodes: number };

/** What was removed, in words: "an authenticator app, 2 passkeys and 8 recovery codes". */
function removedWords(reset: Reset): string {
  const parts = [
    reset.totp ? 'an authenticator app' : null,
    reset.passkeys ? `${reset.passkeys} passkey${reset.passkeys === 1 ? '' : 's'}` : null,
    reset.recoveryCodes ? `${reset.recoveryCodes} recovery code${reset.recoveryCodes === 1 ? '' : 's'}` : null,
  ].filter(Boolean);
  if (parts.length === 0) return 'They had no second factor.';
  return `Removed ${parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : parts[0]}.`;
}

/**
 * "Reset second factors" on the member page, for someone who lost their phone or security key: a card with the
 * action and a confirmation. Shown only to those the rule allows (lib/auth/mfa/policy.ts mayResetSecondFactors:
 * members.update and a member within their power); the server checks the same.
 */
export function ResetSecondFactorsButton({
  tenant,
  member,
  viewer,
  held,
}: {
  tenant: string;
  member: { id: string; user: { id: string; name: string } };
  viewer: { userId: string; permissions: ReadonlySet<string> };
  /** The member's effective permissions, once loaded. */
  held: ReadonlySet<string> | null;
}) {
  const [open, setOpen] = React.useState(false);
  const [error, setError] = React.useState<string | null>(null);
  const reset = useMutation({
    mutationFn: () => api<Reset>(`/api/v1/tenants/${tenant}/members/${member.id}/mfa/reset`, { method: 'POST' }),
    onSuccess: (result) => {
      setOpen(false);
      toast({ tone: 'success', title: `Second factors of ${member.user.name} reset`, description: removedWords(result) });
    },
    onError: (failure) => setError(failure.message),
  });
  if (!held) return null;
  const verdict = mayResetSecondFactors({ id: viewer.userId, permissions: viewer.permissions }, { id: member.user.id, permissions: held });
  if (!verdict.allowed) return null;
  const self = viewer.userId === member.user.id;

  return (
    <Card aria-labelledby="reset-factors-title" role="region">
      <CardHeader className="flex-col gap-1">
        <CardTitle id="reset-factors-title">Second factors</CardTitle>
        <CardDescription>
          {self ? 'If you lost' : `If ${member.user.name} lost`} the phone or security key used to sign in, reset the authenticator app,
          passkeys and recovery codes. {self ? 'You' : 'They'} then sign in with the password and set up a new factor.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <Button
          type="button"
          size="sm"
          onClick={() => {
            setError(null);
            setOpen(true);
          }}
        >
          <ShieldOff aria-hidden="true" />
          Reset second factors
        </Button>
      </CardContent>
      <Dialog open={open} onOpenChange={(next) => (reset.isPending ? undefined : setOpen(next))}>
        <DialogContent className="max-w-md">
          <DialogHeader>
            <DialogTitle>Reset the second factors of {member.user.name}?</DialogTitle>
            <DialogDescription>
              Their authenticator app, passkeys and recovery codes are deleted and they are told by email. Do this only when you are sure
              the request comes from them. It is recorded in the audit trail.
            </DialogDescription>
          </DialogHeader>
          <FormError message={error} />
          <DialogFooter>
            <DialogClose asChild>
              <Button disabled={reset.isPending}>Cancel</Button>
            </DialogClose>
            <Button variant="destructive" pending={reset.isPending} onClick={() => reset.mutate()}>
              {reset.isPending ? 'Resetting…' : 'Reset second factors'}
            </Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </Card>
  );
}
