'use client';

import * as React from 'react';
import Link from 'next/link';
import { unstable_rethrow } from 'next/navigation';
import { browserSupportsWebAuthn, startAuthentication, WebAuthnError } from '@simplewebauthn/browser';
import { Fingerprint } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { FormError } from '@/components/ui/form-error';
import type { PasskeyOptionsResult } from './second-factor-schema';
import type { SignInResult } from './sign-in-schema';

export type PasskeyButtonProps = {
  /** 'second': after the password, the person's own passkey; 'only': a passkey alone, no email typed. */
  step: 'second' | 'only';
  next?: string;
  label: string;
  optionsAction: (step: 'second' | 'only') => Promise<PasskeyOptionsResult>;
  signInAction: (input: { step: 'second' | 'only'; challengeId: string; response: unknown; next?: string }) => Promise<SignInResult>;
};

/** Words for what the browser's WebAuthn call can end in (cancelled, timed out, no passkey here). */
function browserProblem(error: unknown): string {
  const name = error instanceof WebAuthnError ? (error.cause as Error | undefined)?.name : (error as Error | undefined)?.name;
  if (name === 'NotAllowedError' || name === 'AbortError') {
    return 'The passkey request was cancelled or timed out. Try again, or use another way to sign in.';
  }
  return 'Your browser could not use a passkey here. Try again, or use another way to sign in.';
}

/**
 * "Sign in with a passkey" / "Use a passkey": asks the server for a challenge, hands it to the browser's authenticator
 * (@simplewebauthn/browser) and sends the signed answer back; the server action signs in and moves on, or says why not.
 */
export function PasskeyButton({ step, next, label, optionsAction, signInAction }: PasskeyButtonProps) {
  const [pending, setPending] = React.useState(false);
  const [problem, setProblem] = React.useState<{ message: string; action?: { href: string; label: string } } | null>(null);

  async function run() {
    setProblem(null);
    if (!browserSupportsWebAuthn()) {
      setProblem({ message: 'This browser cannot use passkeys. Use another way to sign in.' });
      return;
    }
    setPending(true);
    try {
      const started = await optionsAction(step);
      if ('error' in started) {
        setProblem({ message: started.error, action: started.action });
        return;
      }
      let response: unknown;
      try {
        response = await startAuthentication({ optionsJSON: started.options });
      } catch (error) {
        setProblem({ message: browserProblem(error) });
        return;
      }
      const result = await signInAction({ step, challengeId: started.challengeId, response, next });
      if (result?.error) setProblem({ message: result.error, action: result.action });
    } catch (error) {
      unstable_rethrow(error); // the redirect after signing in is not an error
      setProblem({ message: 'We could not reach Custos. Check your connection and try again.' });
    } finally {
      setPending(false);
    }
  }

  return (
    <div className="grid gap-3">
      <FormError
        message={problem?.message}
        detail={
          problem?.action ? (
            <Link href={problem.action.href} className="rounded-sm font-medium text-link underline underline-offset-2">
              {problem.action.label}
            </Link>
          ) : null
        }
      />
      <Button type="button" variant="secondary" size="lg" className="w-full" pending={pending} onClick={() => void run()}>
        {pending ? null : <Fingerprint aria-hidden="true" />}
        {pending ? 'Waiting for your passkey…' : label}
      </Button>
    </div>
  );
}
