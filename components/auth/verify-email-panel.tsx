'use client';

import * as React from 'react';
import Link from 'next/link';
import { Alert } from '@/components/ui/alert';
import { Button, buttonVariants } from '@/components/ui/button';
import { Card, CardContent } from '@/components/ui/card';
import { linkProblem, type AccountActionResult, type LinkProblem } from './account-action-result';
import { AuthStatus } from './auth-status';
import { LinkProblemStatus } from './link-problem';

export type VerifyEmailPanelProps = {
  token: string;
  action: (values: { token: string }) => Promise<AccountActionResult>;
  /** Known before any request (a malformed token): show the problem straight away. */
  initialProblem?: LinkProblem;
};

/**
 * Confirms the address when the person presses the button, never on page load: mail scanners and link
 * previews open links, and must not spend them.
 */
export function VerifyEmailPanel({ token, action, initialProblem }: VerifyEmailPanelProps) {
  const [state, setState] = React.useState<{ kind: 'idle' } | { kind: 'verified' } | { kind: 'problem'; problem: LinkProblem }>(
    initialProblem ? { kind: 'problem', problem: initialProblem } : { kind: 'idle' },
  );
  const [error, setError] = React.useState<string | null>(null);
  const [pending, startTransition] = React.useTransition();

  const confirm = () =>
    startTransition(async () => {
      setError(null);
      try {
        const result = await action({ token });
        if (result.ok) return setState({ kind: 'verified' });
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
        {state.kind === 'verified' ? (
          <AuthStatus
            tone="success"
            title="Email confirmed"
            focusOnMount
            actions={
              <Link href="/sign-in" className={buttonVariants({ variant: 'primary', size: 'lg', className: 'w-full' })}>
                Sign in
              </Link>
            }
          >
            <p>Your account is ready. Sign in with your email address and password.</p>
          </AuthStatus>
        ) : state.kind === 'problem' ? (
          <LinkProblemStatus kind="verify" problem={state.problem} focusOnMount={!initialProblem} />
        ) : (
          <AuthStatus
            tone="mail"
            title="Confirm your email address"
            actions={
              <>
                <div role="alert" aria-atomic="true">
                  {error ? (
                    <Alert tone="danger" className="mb-2 text-left">
                      {error}
                    </Alert>
                  ) : null}
                </div>
                <Button variant="primary" size="lg" className="w-full" pending={pending} onClick={confirm}>
                  {pending ? 'Confirming…' : 'Confirm email address'}
                </Button>
              </>
            }
          >
            <p>Press the button to confirm this address and finish creating your Custos account.</p>
          </AuthStatus>
        )}
      </CardContent>
    </Card>
  );
}
