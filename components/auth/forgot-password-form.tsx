'use client';

import * as React from 'react';
import Link from 'next/link';
import { Inbox } from 'lucide-react';
import { Button, buttonVariants } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardFooter, CardHeader } from '@/components/ui/card';
import type { AccountActionResult } from './account-action-result';
import { AuthStatus } from './auth-status';
import { EmailLinkForm } from './email-link-form';

export type ForgotPasswordFormProps = {
  action: (values: { email: string }) => Promise<AccountActionResult>;
  devMailbox?: boolean;
};

/** Ask for a reset link. The answer never says whether the address has an account. */
export function ForgotPasswordForm({ action, devMailbox = false }: ForgotPasswordFormProps) {
  const [sentTo, setSentTo] = React.useState<string | null>(null);
  const [again, setAgain] = React.useState(0);

  if (sentTo) {
    return (
      <Card className="w-full shadow-sm">
        <CardContent className="px-6 py-8">
          <AuthStatus
            tone="mail"
            title="Check your inbox"
            focusOnMount
            actions={
              <>
                {devMailbox ? (
                  <Link
                    href={`/dev/mail?to=${encodeURIComponent(sentTo)}`}
                    className={buttonVariants({ variant: 'primary', size: 'lg', className: 'w-full' })}
                  >
                    <Inbox aria-hidden="true" />
                    Open the dev mailbox
                  </Link>
                ) : null}
                <Link
                  href="/sign-in"
                  className={buttonVariants({ variant: devMailbox ? 'secondary' : 'primary', size: 'lg', className: 'w-full' })}
                >
                  Back to sign in
                </Link>
                <Button
                  variant="ghost"
                  className="w-full"
                  onClick={() => {
                    setSentTo(null);
                    setAgain((n) => n + 1);
                  }}
                >
                  Use a different email address
                </Button>
              </>
            }
          >
            <p>
              If an account exists for <span className="font-medium break-all text-foreground">{sentTo}</span>, we sent it a link to choose
              a new password. The link works once and expires in 1 hour.
            </p>
            <p>Nothing there after a few minutes? Check your spam folder, or ask again.</p>
          </AuthStatus>
        </CardContent>
      </Card>
    );
  }

  return (
    <Card className="w-full shadow-sm">
      <CardHeader className="flex-col gap-1 px-6 pt-6 pb-4">
        <h1 className="text-lg font-semibold tracking-tight">Reset your password</h1>
        <CardDescription>Enter the email address of your account and we will send you a link to choose a new password.</CardDescription>
      </CardHeader>
      <CardContent className="px-6 pb-6">
        <EmailLinkForm
          key={again}
          action={action}
          onSent={setSentTo}
          submitLabel="Send reset link"
          pendingLabel="Sending…"
          ariaLabel="Reset your password"
        />
      </CardContent>
      <CardFooter className="justify-center rounded-b-lg bg-muted/40 px-6">
        <span>
          Remembered it?{' '}
          <Link href="/sign-in" className="rounded-sm font-medium text-link hover:underline">
            Sign in
          </Link>
        </span>
      </CardFooter>
    </Card>
  );
}
