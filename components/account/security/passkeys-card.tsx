'use client';

import * as React from 'react';
import { startRegistration, WebAuthnError } from '@simplewebauthn/browser';
import type { PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/browser';
import { Fingerprint, Plus } from 'lucide-react';
import { describeUserAgent } from '@/components/account/sessions-panel';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { FormError } from '@/components/ui/form-error';
import { TableDate } from '@/components/ui/table-date';
import { toast } from '@/components/ui/toast';
import type { PasskeyItem, SecurityActionResult } from './action-result';
import { PasskeyNameDialog } from './passkey-name-dialog';
import { RecoveryCodesReveal } from './recovery-codes-reveal';
import { ConfirmSecurityDialog, UNREACHABLE, useSecurityAction } from './security-action';
import { needsStepUp, STEP_UP_HINT } from './step-up';

export type PasskeyActions = {
  options: () => Promise<SecurityActionResult<{ options: PublicKeyCredentialCreationOptionsJSON; challengeId: string }>>;
  add: (values: {
    challengeId: string;
    name: string;
    response: unknown;
  }) => Promise<SecurityActionResult<PasskeyItem & { recoveryCodes?: string[] }>>;
  rename: (values: { id: string; name: string }) => Promise<SecurityActionResult<void>>;
  remove: (values: { id: string }) => Promise<SecurityActionResult<void>>;
};

/** Why the browser's passkey prompt failed, in words. */
function ceremonyError(error: unknown): string {
  if (error instanceof WebAuthnError && error.code === 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED') {
    return 'This passkey or security key is already on your account.';
  }
  if (error instanceof Error && error.name === 'NotAllowedError') return 'Adding the passkey was cancelled or timed out. Try again.';
  return 'This browser could not create a passkey. Try another browser or device, or a security key.';
}

/** Passkeys and security keys: the list (name, added, last used), add one, rename, remove with confirmation. */
export function PasskeysCard({ passkeys, actions }: { passkeys: PasskeyItem[]; actions: PasskeyActions }) {
  const [adding, setAdding] = React.useState(false);
  const [error, setError] = React.useState<string | null>(null);
  const [pendingAdd, setPendingAdd] = React.useState<{ challengeId: string; response: unknown } | null>(null);
  const [codes, setCodes] = React.useState<string[] | null>(null);
  const [renaming, setRenaming] = React.useState<PasskeyItem | null>(null);
  const [removing, setRemoving] = React.useState<PasskeyItem | null>(null);
  const defaultName = React.useMemo(
    () => (typeof navigator === 'undefined' ? 'Passkey' : describeUserAgent(navigator.userAgent, 'browser').label),
    [],
  );

  const add = async () => {
    setAdding(true);
    setError(null);
    try {
      const prepared = await actions.options();
      if (!prepared.ok) {
        setError(needsStepUp(prepared) ? STEP_UP_HINT : prepared.error);
        return;
      }
      try {
        const response = await startRegistration({ optionsJSON: prepared.data.options });
        setPendingAdd({ challengeId: prepared.data.challengeId, response });
      } catch (ceremony) {
        setError(ceremonyError(ceremony));
      }
    } catch {
      setError(UNREACHABLE);
    } finally {
      setAdding(false);
    }
  };

  return (
    <Card aria-labelledby="passkeys-title" role="region">
      <CardHeader className="flex-col gap-1">
        <div className="flex items-center gap-2">
          <Fingerprint aria-hidden="true" className="size-4 text-muted-foreground" />
          <CardTitle id="passkeys-title">Passkeys and security keys</CardTitle>
        </div>
        <CardDescription>
          Sign in with your fingerprint, face, device PIN or a security key instead of typing a code. Add one for each device you use.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        {codes ? (
          <RecoveryCodesReveal codes={codes} onDone={() => setCodes(null)} />
        ) : (
          <>
            {passkeys.length === 0 ? (
              <p className="text-[13px] text-muted-foreground">No passkeys yet.</p>
            ) : (
              <ul aria-label="Your passkeys" className="divide-y divide-border rounded-lg border border-border">
                {passkeys.map((passkey) => (
                  <li
                    key={passkey.id}
                    data-testid="passkey"
                    className="flex flex-wrap items-center justify-between gap-x-4 gap-y-2 px-3 py-2.5"
                  >
                    <div className="grid min-w-0 gap-0.5">
                      <span className="truncate text-sm font-medium">{passkey.name}</span>
                      <span className="flex flex-wrap gap-x-3 text-xs text-muted-foreground">
                        <span>
                          Added <TableDate iso={passkey.createdAt} dateOnly />
                        </span>
                        <span>
                          Last used <TableDate iso={passkey.lastUsedAt} fallback="never" />
                        </span>
                      </span>
                    </div>
                    <div className="flex gap-2">
                      <Button size="sm" onClick={() => setRenaming(passkey)} aria-label={`Rename ${passkey.name}`}>
                        Rename
                      </Button>
                      <Button size="sm" onClick={() => setRemoving(passkey)} aria-label={`Remove ${passkey.name}`}>
                        Remove
                      </Button>
                    </div>
                  </li>
                ))}
              </ul>
            )}
            <FormError message={error} />
            <div>
              <Button type="button" variant={passkeys.length ? 'secondary' : 'primary'} pending={adding} onClick={() => void add()}>
                <Plus aria-hidden="true" />
                {adding ? 'Waiting for your device…' : 'Add a passkey'}
              </Button>
            </div>
          </>
        )}
      </CardContent>

      <PasskeyNameDialog
        key={`add-${pendingAdd?.challengeId ?? ''}`}
        open={pendingAdd !== null}
        title="Name this passkey"
        description="A name you will recognise in this list, such as the device or key it lives on."
        initialName={defaultName}
        submitLabel="Save passkey"
        pendingLabel="Saving…"
        onClose={() => setPendingAdd(null)}
        submit={async (name) => {
          if (!pendingAdd) return null;
          try {
            const result = await actions.add({ ...pendingAdd, name });
            if (!result.ok) return { error: result.error, nameError: result.fieldErrors?.name };
            setPendingAdd(null);
            toast({ tone: 'success', title: 'Passkey added', description: `${result.data.name} can now be used to sign in.` });
            if (result.data.recoveryCodes) setCodes(result.data.recoveryCodes);
            return null;
          } catch {
            return { error: UNREACHABLE };
          }
        }}
      />
      <PasskeyNameDialog
        key={`rename-${renaming?.id ?? ''}`}
        open={renaming !== null}
        title="Rename passkey"
        description={`The new name of “${renaming?.name ?? ''}”.`}
        initialName={renaming?.name ?? ''}
        submitLabel="Rename"
        pendingLabel="Renaming…"
        onClose={() => setRenaming(null)}
        submit={async (name) => {
          if (!renaming) return null;
          try {
            const result = await actions.rename({ id: renaming.id, name });
            if (!result.ok) return { error: result.error, nameError: result.fieldErrors?.name };
            setRenaming(null);
            toast({ title: 'Passkey renamed' });
            return null;
          } catch {
            return { error: UNREACHABLE };
          }
        }}
      />
      <RemovePasskeyDialog key={removing?.id ?? ''} passkey={removing} remove={actions.remove} onClose={() => setRemoving(null)} />
    </Card>
  );
}

function RemovePasskeyDialog({
  passkey,
  remove,
  onClose,
}: {
  passkey: PasskeyItem | null;
  remove: PasskeyActions['remove'];
  onClose: () => void;
}) {
  const { pending, error, run } = useSecurityAction();
  const confirm = async () => {
    if (!passkey) return;
    await run(
      () => remove({ id: passkey.id }),
      () => {
        toast({ title: 'Passkey removed', description: `${passkey.name} can no longer be used to sign in.` });
        onClose();
      },
    );
  };
  return (
    <ConfirmSecurityDialog
      open={passkey !== null}
      onOpenChange={(next) => (next ? undefined : onClose())}
      title={`Remove ${passkey?.name}?`}
      description="It can no longer be used to sign in. If it is your last second factor, your recovery codes are deleted too."
      error={error}
      pending={pending}
      confirmLabel="Remove passkey"
      pendingLabel="Removing…"
      destructive
      onConfirm={() => void confirm()}
    />
  );
}
