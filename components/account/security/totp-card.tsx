'use client';

import * as React from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { Smartphone } from 'lucide-react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { FormError } from '@/components/ui/form-error';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { toast } from '@/components/ui/toast';
import type { SecurityActionResult } from './action-result';
import { RecoveryCodesReveal } from './recovery-codes-reveal';
import { ConfirmSecurityDialog, UNREACHABLE, useSecurityAction } from './security-action';

type Setup = { key: string; otpauthUrl: string; qr: string };

export type TotpActions = {
  start: () => Promise<SecurityActionResult<Setup>>;
  confirm: (values: { code: string }) => Promise<SecurityActionResult<{ recoveryCodes: string[] }>>;
  remove: () => Promise<SecurityActionResult<void>>;
};

const codeForm = z.object({
  code: z
    .string()
    .trim()
    .regex(/^\d{3} ?\d{3}$/, 'Enter the six-digit code your app shows.'),
});

/** The authenticator app: set it up (QR code or key, then a code), see that it is on, remove it. */
export function TotpCard({ active, actions, autoFocus }: { active: boolean; actions: TotpActions; autoFocus?: boolean }) {
  const [setup, setSetup] = React.useState<Setup | null>(null);
  const [codes, setCodes] = React.useState<string[] | null>(null);
  const { pending: starting, error: startError, run } = useSecurityAction();
  const start = () => run(actions.start, setSetup);

  return (
    <Card aria-labelledby="totp-title" role="region">
      <CardHeader className="flex-col gap-1">
        <div className="flex flex-wrap items-center gap-2">
          <Smartphone aria-hidden="true" className="size-4 text-muted-foreground" />
          <CardTitle id="totp-title">Authenticator app</CardTitle>
          <Badge tone={active ? 'success' : 'neutral'} dot>
            {active ? 'On' : 'Off'}
          </Badge>
        </div>
        <CardDescription>
          An app such as 1Password, Google Authenticator or Microsoft Authenticator shows a new six-digit code every 30 seconds. After your
          password, Custos asks for it.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        {codes ? (
          <RecoveryCodesReveal
            codes={codes}
            onDone={() => {
              setCodes(null);
              setSetup(null);
            }}
          />
        ) : setup ? (
          <TotpSetup
            setup={setup}
            confirm={actions.confirm}
            onConfirmed={(recoveryCodes) => {
              toast({ tone: 'success', title: 'Authenticator app turned on', description: 'Signing in now asks for its code.' });
              setCodes(recoveryCodes);
            }}
            onCancel={() => setSetup(null)}
          />
        ) : active ? (
          <RemoveTotp remove={actions.remove} />
        ) : (
          <div className="grid gap-3">
            <FormError message={startError} />
            <div>
              <Button type="button" variant="primary" pending={starting} onClick={() => void start()} autoFocus={autoFocus}>
                {starting ? 'Preparing…' : 'Set up an authenticator app'}
              </Button>
            </div>
          </div>
        )}
      </CardContent>
    </Card>
  );
}

function TotpSetup({
  setup,
  confirm,
  onConfirmed,
  onCancel,
}: {
  setup: Setup;
  confirm: TotpActions['confirm'];
  onConfirmed: (codes: string[]) => void;
  onCancel: () => void;
}) {
  const [serverError, setServerError] = React.useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<z.infer<typeof codeForm>>({ resolver: zodResolver(codeForm), defaultValues: { code: '' } });

  const onSubmit = handleSubmit(async ({ code }) => {
    setServerError(null);
    let result: SecurityActionResult<{ recoveryCodes: string[] }>;
    try {
      result = await confirm({ code });
    } catch {
      setServerError(UNREACHABLE);
      return;
    }
    if (result.ok) return onConfirmed(result.data.recoveryCodes);
    if (result.fieldErrors?.code) setError('code', { type: 'server', message: result.fieldErrors.code }, { shouldFocus: true });
    else setServerError(result.error);
  });

  return (
    <div className="grid gap-5">
      <ol className="grid gap-5 text-[13px]">
        <li className="grid gap-3">
          <p>
            <span className="font-medium">1. Scan this QR code</span> with your authenticator app.
          </p>
          {/* eslint-disable-next-line @next/next/no-img-element -- a data URL drawn on the server; next/image adds nothing */}
          <img
            src={setup.qr}
            alt="QR code for your authenticator app. If you cannot scan it, type the key shown below."
            width={176}
            height={176}
            className="rounded-md border border-border bg-white p-1"
          />
          <div className="grid gap-1">
            <p className="text-muted-foreground">Cannot scan it? Type this key into the app instead (time-based, six digits):</p>
            <p data-testid="totp-key" className="font-mono text-sm tracking-wider break-all">
              {setup.key}
            </p>
          </div>
        </li>
        <li className="grid gap-3">
          <p>
            <span className="font-medium">2. Enter the code</span> the app shows for Custos.
          </p>
          <form
            onSubmit={(event) => void onSubmit(event)}
            noValidate
            aria-label="Confirm authenticator app"
            className="grid max-w-xs gap-3"
          >
            <FormError message={serverError} />
            <FormField label="Six-digit code" error={errors.code?.message}>
              <Input
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={7}
                className="h-9 font-mono tracking-widest"
                {...register('code')}
              />
            </FormField>
            <div className="flex flex-wrap gap-2">
              <Button type="submit" variant="primary" pending={isSubmitting}>
                {isSubmitting ? 'Checking…' : 'Turn on'}
              </Button>
              <Button type="button" variant="ghost" onClick={onCancel} disabled={isSubmitting}>
                Cancel
              </Button>
            </div>
          </form>
        </li>
      </ol>
    </div>
  );
}

function RemoveTotp({ remove }: { remove: TotpActions['remove'] }) {
  const [open, setOpen] = React.useState(false);
  const { pending, error, setError, run } = useSecurityAction();
  const confirmRemove = () =>
    run(remove, () => {
      setOpen(false);
      toast({ title: 'Authenticator app removed', description: 'Its codes no longer work for signing in.' });
    });
  return (
    <div className="flex flex-wrap items-center justify-between gap-3">
      <p className="text-[13px] text-muted-foreground">Your authenticator app is set up.</p>
      <Button type="button" size="sm" variant="secondary" onClick={() => setOpen(true)}>
        Remove
      </Button>
      <ConfirmSecurityDialog
        open={open}
        onOpenChange={(next) => (setOpen(next), setError(null))}
        title="Remove the authenticator app?"
        description="Its codes stop working. Without a passkey, signing in asks for your password only, and your recovery codes are deleted."
        error={error}
        pending={pending}
        confirmLabel="Remove app"
        pendingLabel="Removing…"
        destructive
        onConfirm={() => void confirmRemove()}
      />
    </div>
  );
}
