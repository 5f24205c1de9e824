'use client';

import Link from 'next/link';
import { buttonVariants } from '@/components/ui/button';
import type { LinkProblem } from './account-action-result';
import { AuthStatus } from './auth-status';

const COPY = {
  verify: {
    newLink: { href: '/sign-up?resend=1', label: 'Send a new confirmation link' },
    link_expired: {
      title: 'This link has expired',
      body: 'Confirmation links work for 24 hours. Ask for a new one and use it within a day.',
    },
    link_used: {
      title: 'This link was already used',
      body: 'If you already confirmed your address, sign in. If you asked for a newer link since, use the one in the latest message.',
    },
    not_found: {
      title: 'This link is not valid',
      body: 'It may have been cut short when it was copied. Open it straight from the message, or ask for a new one.',
    },
  },
  reset: {
    newLink: { href: '/forgot-password', label: 'Send a new reset link' },
    link_expired: {
      title: 'This link has expired',
      body: 'Password reset links work for 1 hour. Ask for a new one; your password has not changed.',
    },
    link_used: {
      title: 'This link was already used',
      body: 'Each reset link works once, and a newer link replaces older ones. Ask for a new link if you still need to reset your password.',
    },
    not_found: {
      title: 'This link is not valid',
      body: 'It may have been cut short when it was copied. Open it straight from the message, or ask for a new one.',
    },
  },
  unlock: {
    newLink: { href: '/forgot-password', label: 'Reset your password instead' },
    link_expired: {
      title: 'This link has expired',
      body: 'Unlock links work for 1 hour; the pause ends by itself after 15 minutes. Sign in again, or reset your password.',
    },
    link_used: {
      title: 'This link was already used',
      body: 'Each unlock link works once, and a newer one replaces it. Sign in again, or reset your password.',
    },
    not_found: {
      title: 'This link is not valid',
      body: 'It may have been cut short when it was copied. Open it straight from the message.',
    },
  },
} as const;

/** What an expired, used or unknown mail link shows, with the way to get a new one. */
export function LinkProblemStatus({
  kind,
  problem,
  focusOnMount,
}: {
  kind: keyof typeof COPY;
  problem: LinkProblem;
  focusOnMount?: boolean;
}) {
  const copy = COPY[kind];
  const { title, body } = copy[problem];
  const signInFirst = kind === 'verify' && problem === 'link_used';
  return (
    <AuthStatus
      tone={problem === 'link_expired' ? 'expired' : 'invalid'}
      title={title}
      focusOnMount={focusOnMount}
      actions={
        <>
          {signInFirst ? (
            <Link href="/sign-in" className={buttonVariants({ variant: 'primary', size: 'lg', className: 'w-full' })}>
              Sign in
            </Link>
          ) : null}
          <Link
            href={copy.newLink.href}
            className={buttonVariants({ variant: signInFirst ? 'secondary' : 'primary', size: 'lg', className: 'w-full' })}
          >
            {copy.newLink.label}
          </Link>
          {signInFirst ? null : (
            <Link href="/sign-in" className={buttonVariants({ variant: 'ghost', className: 'w-full' })}>
              Back to sign in
            </Link>
          )}
        </>
      }
    >
      <p>{body}</p>
    </AuthStatus>
  );
}
