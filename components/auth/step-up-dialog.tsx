'use client';

import * as React from 'react';
import { browserSupportsWebAuthn, startAuthentication, type PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/browser';
import { Fingerprint, ShieldCheck } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { FormError } from '@/components/ui/form-error';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { registerStepUpPrompt } from './step-up';

type Problem = { detail?: string; title?: string; code?: string; errors?: Array<{ path: string; message: string }> };

/** POST to the step-up endpoints with the session cookie (not through api(): a refusal here must not prompt again). */
async function post<T>(path: string, body?: unknown): Promise<{ ok: true; value: T } | { ok: false; problem: Problem; status: number }> {
  try {
    const res = await fetch(path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.ok) return { ok: true, value: (await res.json()) as T };
    return { ok: false, status: res.status, problem: ((await res.json().catch(() => null)) as Problem | null) ?? {} };
  } catch {
    return { ok: false, status: 0, problem: { detail: 'We could not reach Custos. Check your connection and try again.' } };
  }
}

function message(status: number, problem: Problem): string {
  if (status === 401) return 'Your session has ended. Sign in again to continue.';
  if (status === 429) return problem.detail ?? 'Too many wrong codes. Wait a few minutes, then try again.';
  return problem.errors?.[0]?.message ?? problem.detail ?? 'That did not work. Try again.';
}

/**
 * The step-up prompt: "Confirm it is you" with a code from the authenticator app (or a recovery code) or a passkey.
 * It verifies through POST /api/v1/me/mfa/verify (or …/verify/passkey), which marks this session for ten minutes, and
 * then tells the waiting request to retry. Mounted once, in the root layout.
 */
export function StepUpDialog() {
  const [open, setOpen] = React.useState(false);
  const [code, setCode] = React.useState('');
  const [fieldError, setFieldError] = React.useState<string | undefined>();
  const [problem, setProblem] = React.useState<string | null>(null);
  const [pending, setPending] = React.useState<'code' | 'passkey' | null>(null);
  const settle = React.useRef<((verified: boolean) => void) | null>(null);

  React.useEffect(() => {
    registerStepUpPrompt(
      () =>
        new Promise<boolean>((resolve) => {
          settle.current = resolve;
          setCode('');
          setFieldError(undefined);
          setProblem(null);
          setOpen(true);
        }),
    );
    return () => registerStepUpPrompt(null);
  }, []);

  function finish(verified: boolean) {
    setOpen(false);
    settle.current?.(verified);
    settle.current = null;
  }

  async function submitCode(event: React.FormEvent) {
    event.preventDefault();
    setProblem(null);
    const typed = code.trim();
    if (typed.length < 6) {
      setFieldError('Enter the code from your authenticator app, or a recovery code.');
      return;
    }
    setFieldError(undefined);
    setPending('code');
    const result = await post('/api/v1/me/mfa/verify', { code: typed });
    setPending(null);
    if (result.ok) return finish(true);
    if (result.problem.code === 'invalid_code' || result.problem.errors?.some((e) => e.path === 'code')) {
      setFieldError(message(result.status, result.problem));
    } else {
      setProblem(message(result.status, result.problem));
    }
  }

  async function confirmWithPasskey() {
    setProblem(null);
    setFieldError(undefined);
    if (!browserSupportsWebAuthn()) {
      setProblem('This browser cannot use passkeys. Enter a code instead.');
      return;
    }
    setPending('passkey');
    try {
      const started = await post<{ options: PublicKeyCredentialRequestOptionsJSON; challengeId: string }>(
        '/api/v1/me/mfa/verify/passkey/options',
      );
      if (!started.ok) {
        setProblem(message(started.status, started.problem));
        return;
      }
      let response: unknown;
      try {
        response = await startAuthentication({ optionsJSON: started.value.options });
      } catch {
        setProblem('The passkey request was cancelled or timed out. Try again, or enter a code.');
        return;
      }
      const verified = await post('/api/v1/me/mfa/verify/passkey', { challengeId: started.value.challengeId, response });
      if (verified.ok) return finish(true);
      setProblem(message(verified.status, verified.problem));
    } finally {
      setPending(null);
    }
  }

  return (
    <Dialog open={open} onOpenChange={(next) => (next ? setOpen(true) : finish(false))}>
      <DialogContent className="max-w-md" data-testid="step-up-dialog">
        <form onSubmit={(event) => void submitCode(event)} noValidate className="grid gap-4">
          <DialogHeader>
            <DialogTitle className="flex items-center gap-2">
              <ShieldCheck aria-hidden="true" className="size-4 text-primary" />
              Confirm it is you
            </DialogTitle>
            <DialogDescription>
              This change needs a fresh check of your second factor. Enter a code from your authenticator app or use a passkey; it counts
              for the next 10 minutes.
            </DialogDescription>
          </DialogHeader>
          <FormField label="Code from your authenticator app or a recovery code" error={fieldError}>
            <Input
              value={code}
              onChange={(event) => setCode(event.target.value)}
              autoComplete="one-time-code"
              inputMode="text"
              autoCapitalize="none"
              spellCheck={false}
              autoFocus
              className="h-9 font-mono tracking-wider"
            />
          </FormField>
          <Button
            type="button"
            variant="secondary"
            onClick={() => void confirmWithPasskey()}
            pending={pending === 'passkey'}
            disabled={pending !== null}
          >
            {pending === 'passkey' ? null : <Fingerprint aria-hidden="true" />}
            {pending === 'passkey' ? 'Waiting for your passkey…' : 'Use a passkey'}
          </Button>
          <FormError message={problem} />
          <DialogFooter>
            <Button type="button" variant="secondary" onClick={() => finish(false)}>
              Cancel
            </Button>
            <Button type="submit" variant="primary" pending={pending === 'code'} disabled={pending !== null}>
              {pending === 'code' ? 'Checking…' : 'Confirm'}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
