'use client';

import * as React from 'react';
import Link from 'next/link';
import { Alert } from '@/components/ui/alert';
import { Button, buttonVariants } from '@/components/ui/button';
import { Card, CardContent } from '@/components/ui/card';
import { linkProblem, type AccountActionResult, type LinkProblem } from './account-action-result';
import { AuthStatus } from './auth-status';
import { LinkProblemStatus } from './link-problem';

export type UnlockAccountPanelProps = {
  token: string;
  action: (values: { token: string }) => Promise<AccountActionResult>;
  /** Known before any request (a malformed token): show the problem straight away. */
  initialProblem?: LinkProblem;
};

/** Lifts a sign-in lockout when the person presses the button, never on page load (mail scanners open links). */
export function UnlockAccountPanel({ token, action, initialProblem }: UnlockAccountPanelProps) {
  const [state, setState] = React.useState<{ kind: 'idle' } | { kind: 'unlocked' } | { kind: 'problem'; problem: LinkProblem }>(
    initialProblem ? { kind: 'problem', problem: initialProblem } : { kind: 'idle' },
  );
  const [error, setError] = React.useState<string | null>(null);
  const [pending, startTransition] = React.useTransition();

  const unlock = () =>
    startTransition(async () => {
      setError(null);
      try {
        const result = await action({ token });
        if (result.ok) return setState({ kind: 'unlocked' });
        const problem = linkProblem(result);
        if (problem) setState({ kind: 'problem', problem });
        else setError(result.error);
      } catch {
        setError('We could not reach Custos. Check your connection and try again.');
      }
    });

  return (
    <Card className="w-full shadow-sm">
      <CardContent className="px-6 py-8">
        {state.kind === 'unlocked' ? (
          <AuthStatus
            tone="success"
            title="Sign-in is open again"
            focusOnMount
            actions={
              <Link href="/sign-in" className={buttonVariants({ variant: 'primary', size: 'lg', className: 'w-full' })}>
                Sign in
              </Link>
            }
          >
            <p>The pause is lifted. If the failed attempts were not yours, change your password after signing in.</p>
          </AuthStatus>
        ) : state.kind === 'problem' ? (
          <LinkProblemStatus kind="unlock" problem={state.problem} focusOnMount={!initialProblem} />
        ) : (
          <AuthStatus
            tone="mail"
            title="Lift the sign-in pause"
            actions={
              <>
                <div role="alert" aria-atomic="true">
                  {error ? (
                    <Alert tone="danger" className="mb-2 text-left">
                      {error}
                    </Alert>
                  ) : null}
                </div>
                <Button variant="primary" size="lg" className="w-full" pending={pending} onClick={unlock}>
                  {pending ? 'Lifting…' : 'Lift the pause'}
                </Button>
              </>
            }
          >
            <p>Sign-in to your account was paused after too many failed attempts. Press the button to allow it again.</p>
          </AuthStatus>
        )}
      </CardContent>
    </Card>
  );
}
