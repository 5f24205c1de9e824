'use client';

import Link from 'next/link';
import * as React from 'react';
import { withStepUp } from '@/components/auth/step-up';
import { Alert } from '@/components/ui/alert';
import type { SecurityStatus } from './action-result';
import { PasskeysCard, type PasskeyActions } from './passkeys-card';
import { RecoveryCodesCard } from './recovery-codes-card';
import { TotpCard, type TotpActions } from './totp-card';

/**
 * The security page: why a factor is asked for (`enrol`: the sign-in gate sent the person here), the authenticator app,
 * passkeys and recovery codes. The server actions come in as props from the page.
 */
export function SecurityPanel({
  status,
  enrol,
  next,
  actions,
}: {
  status: SecurityStatus;
  enrol: boolean;
  next: string | null;
  actions: { totp: TotpActions; passkeys: PasskeyActions; regenerate: Parameters<typeof RecoveryCodesCard>[0]['regenerate'] };
}) {
  const hasFactor = status.totp || status.passkeys.length > 0;
  // What needs a recent second factor (removing, new codes, adding beside an existing factor) asks for it in the
  // step-up dialog and runs again once confirmed.
  const stepped = React.useMemo(
    () => ({
      totp: { ...actions.totp, start: () => withStepUp(actions.totp.start), remove: () => withStepUp(actions.totp.remove) },
      passkeys: {
        ...actions.passkeys,
        options: () => withStepUp(actions.passkeys.options),
        remove: (values: { id: string }) => withStepUp(() => actions.passkeys.remove(values)),
      },
      regenerate: () => withStepUp(actions.regenerate),
    }),
    [actions],
  );
  return (
    <div className="grid max-w-3xl gap-4">
      {enrol && !hasFactor ? (
        <Alert tone="warning" title="Set up a second factor to continue" data-testid="enrol-banner">
          Your organisation asks everyone in your role to confirm sign-ins with a second factor. Set up an authenticator app or add a
          passkey below; then you can carry on where you were.
        </Alert>
      ) : null}
      {enrol && hasFactor ? (
        <Alert tone="success" title="Your second factor is set up">
          {next ? (
            <Link href={next} className="rounded-sm font-medium text-link hover:underline">
              Continue where you were
            </Link>
          ) : (
            'You can carry on where you were.'
          )}
        </Alert>
      ) : null}
      <TotpCard active={status.totp} actions={stepped.totp} autoFocus={enrol && !hasFactor} />
      <PasskeysCard passkeys={status.passkeys} actions={stepped.passkeys} />
      <RecoveryCodesCard left={status.recoveryCodesLeft} hasFactor={hasFactor} regenerate={stepped.regenerate} />
    </div>
  );
}
