'use client';

import * as React from 'react';
import Link from 'next/link';
import { Alert } from '@/components/ui/alert';
import { Button, buttonVariants } from '@/components/ui/button';
import { Card, CardContent } from '@/components/ui/card';
import { linkProblem, type AccountActionResult, type LinkProblem } from './account-action-result';
import { AuthStatus } from './auth-status';
import { LinkProblemStatus } from './link-problem';

export type ConfirmLinkPanelProps = {
  token: string;
  action: (values: { token: string }) => Promise<AccountActionResult>;
  /** Known before any request (a malformed token): show the problem straight away. */
  initialProblem?: LinkProblem;
};

type Copy = {
  kind: React.ComponentProps<typeof LinkProblemStatus>['kind'];
  ask: { title: string; body: string; button: string; pending: string };
  done: { title: string; body: string };
};

/**
 * A single-use mail link spent when the person presses the button, never on page load: mail scanners and link
 * previews open links, and must not spend them. The verify-email and unlock pages differ only in their words.
 */
function ConfirmLinkPanel({ token, action, initialProblem, copy }: ConfirmLinkPanelProps & { copy: Copy }) {
  const [state, setState] = React.useState<{ kind: 'idle' } | { kind: 'done' } | { kind: 'problem'; problem: LinkProblem }>(
    initialProblem ? { kind: 'problem', problem: initialProblem } : { kind: 'idle' },
  );
  const [error, setError] = React.useState<string | null>(null);
  const [pending, startTransition] = React.useTransition();

  const confirm = () =>
    startTransition(async () => {
      setError(null);
      try {
        const result = await action({ token });
        if (result.ok) return setState({ kind: 'done' });
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
        {state.kind === 'done' ? (
          <AuthStatus
            tone="success"
            title={copy.done.title}
            focusOnMount
            actions={
              <Link href="/sign-in" className={buttonVariants({ variant: 'primary', size: 'lg', className: 'w-full' })}>
                Sign in
              </Link>
            }
          >
            <p>{copy.done.body}</p>
          </AuthStatus>
        ) : state.kind === 'problem' ? (
          <LinkProblemStatus kind={copy.kind} problem={state.problem} focusOnMount={!initialProblem} />
        ) : (
          <AuthStatus
            tone="mail"
            title={copy.ask.title}
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
                  {pending ? copy.ask.pending : copy.ask.button}
                </Button>
              </>
            }
          >
            <p>{copy.ask.body}</p>
          </AuthStatus>
        )}
      </CardContent>
    </Card>
  );
}

const VERIFY_EMAIL: Copy = {
  kind: 'verify',
  ask: {
    title: 'Confirm your email address',
    body: 'Press the button to confirm this address and finish creating your Custos account.',
    button: 'Confirm email address',
    pending: 'Confirming…',
  },
  done: { title: 'Email confirmed', body: 'Your account is ready. Sign in with your email address and password.' },
};

const UNLOCK_ACCOUNT: Copy = {
  kind: 'unlock',
  ask: {
    title: 'Lift the sign-in pause',
    body: 'Sign-in to your account was paused after too many failed attempts. Press the button to allow it again.',
    button: 'Lift the pause',
    pending: 'Lifting…',
  },
  done: {
    title: 'Sign-in is open again',
    body: 'The pause is lifted. If the failed attempts were not yours, change your password after signing in.',
  },
};

/** The verify-email link's page body. */
export function VerifyEmailPanel(props: ConfirmLinkPanelProps) {
  return <ConfirmLinkPanel {...props} copy={VERIFY_EMAIL} />;
}

/** The lockout mail's unlock link's page body. */
export function UnlockAccountPanel(props: ConfirmLinkPanelProps) {
  return <ConfirmLinkPanel {...props} copy={UNLOCK_ACCOUNT} />;
}
