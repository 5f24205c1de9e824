'use client';

import * as React from 'react';
import Link from 'next/link';
import { unstable_rethrow } from 'next/navigation';
import { useForm, useWatch } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { Building2 } from 'lucide-react';
import { AuthStatus } from '@/components/auth/auth-status';
import { lazyResolver } from '@/components/auth/lazy-resolver';
import { RevealablePasswordInput } from '@/components/auth/password-input';
import { checkPasswordNow, NewPasswordField } from '@/components/auth/password-strength-meter';
import { Alert } from '@/components/ui/alert';
import { Button, buttonVariants } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardFooter, CardHeader } from '@/components/ui/card';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { useDateTimeFormat } from '@/components/providers/viewer-clock';
import type { PasswordPolicy } from '@/lib/auth/password-policy-basics';
import type { ActionResult } from '@/lib/http/action-result';
import type { InvitationLookup } from '@/lib/invitations/find-by-token';
import type { NewAccountInput } from '@/lib/invitations/schemas';

type AcceptAction = (token: string, account?: NewAccountInput) => Promise<ActionResult>;

export type InvitationPanelProps = {
  token: string;
  invitation: InvitationLookup;
  signedInAs: { email: string; name: string } | null;
  acceptAction: AcceptAction;
  signOutAction: (token: string) => Promise<void>;
  /** The inviting tenant's password rules, which a newcomer's password meets. */
  passwordPolicy: PasswordPolicy;
};

const newAccountForm = lazyResolver<NewAccountInput, NewAccountInput>(() =>
  import('@/lib/invitations/schemas').then((m) => zodResolver(m.newAccountSchema)),
);

/** The invitation page: what the invitation is, and the one right next step for whoever opened the link. */
export function InvitationPanel({ token, invitation, signedInAs, acceptAction, signOutAction, passwordPolicy }: InvitationPanelProps) {
  // The viewer's zone once hydrated, UTC in the server's HTML and the first render: no hydration mismatch.
  const dateTime = useDateTimeFormat({ dateStyle: 'medium', timeStyle: 'short' });
  if (invitation.status !== 'pending') return <UnusableInvitation invitation={invitation} signedIn={signedInAs !== null} />;
  const here = `/invite/${token}`;
  const matches = signedInAs && signedInAs.email.toLowerCase() === invitation.email;
  return (
    <Card className="w-full shadow-sm">
      <CardHeader className="flex-col gap-3 px-6 pt-6 pb-4">
        <div
          aria-hidden="true"
          className="flex size-11 items-center justify-center rounded-full border border-primary/25 bg-primary/10 text-link"
        >
          <Building2 className="size-5" />
        </div>
        <div className="grid gap-1">
          <h1 className="text-lg font-semibold tracking-tight">Join {invitation.tenant.name}</h1>
          <CardDescription>
            {invitation.invitedBy} invited <span className="font-medium text-foreground">{invitation.email}</span>
            {invitation.roles.length ? (
              <>
                {' '}
                as <span className="font-medium text-foreground">{invitation.roles.join(', ')}</span>
              </>
            ) : null}
            .
          </CardDescription>
        </div>
        <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 rounded-md border border-border bg-muted/40 px-3 py-2 text-[13px]">
          <dt className="text-muted-foreground">Tenant</dt>
          <dd className="font-medium">
            {invitation.tenant.name} <span className="font-mono text-xs text-muted-foreground">/{invitation.tenant.slug}</span>
          </dd>
          <dt className="text-muted-foreground">Link works until</dt>
          <dd>
            <time dateTime={invitation.expiresAt} title={`${invitation.expiresAt.slice(0, 16).replace('T', ' ')} UTC`}>
              {dateTime.format(new Date(invitation.expiresAt))}
            </time>
          </dd>
        </dl>
      </CardHeader>
      <CardContent className="px-6 pb-6">
        {matches ? (
          <AcceptSignedIn token={token} name={signedInAs.name} acceptAction={acceptAction} />
        ) : signedInAs ? (
          <WrongAccount token={token} signedInAs={signedInAs.email} invitedEmail={invitation.email} signOutAction={signOutAction} />
        ) : invitation.accountExists ? (
          <div className="grid gap-3">
            <p className="text-[13px] text-muted-foreground">
              An account exists for {invitation.email}. Sign in with it, then accept the invitation.
            </p>
            <Link
              href={`/sign-in?next=${encodeURIComponent(here)}&email=${encodeURIComponent(invitation.email)}`}
              className={buttonVariants({ variant: 'primary', size: 'lg', className: 'w-full' })}
            >
              Sign in to accept
            </Link>
          </div>
        ) : (
          <NewAccountForm
            token={token}
            email={invitation.email}
            tenantName={invitation.tenant.name}
            policy={passwordPolicy}
            acceptAction={acceptAction}
          />
        )}
      </CardContent>
      {!signedInAs && !invitation.accountExists ? (
        <CardFooter className="justify-center rounded-b-lg bg-muted/40 px-6 text-center">
          <span>
            Already use Custos with another address?{' '}
            <Link href={`/sign-in?next=${encodeURIComponent(here)}`} className="rounded-sm font-medium text-link hover:underline">
              Sign in
            </Link>{' '}
            — the invitation is for {invitation.email} only.
          </span>
        </CardFooter>
      ) : null}
    </Card>
  );
}

function useAccept(token: string, acceptAction: AcceptAction) {
  const [error, setError] = React.useState<string | null>(null);
  const run = async (account?: NewAccountInput): Promise<ActionResult | null> => {
    setError(null);
    try {
      const result = await acceptAction(token, account);
      if (!result.ok && !result.fieldErrors) setError(result.error);
      return result;
    } catch (caught) {
      unstable_rethrow(caught); // landing in the tenant is a redirect, not an error
      setError('We could not reach Custos. Check your connection and try again.');
      return null;
    }
  };
  return { error, run };
}

function AcceptSignedIn({ token, name, acceptAction }: { token: string; name: string; acceptAction: AcceptAction }) {
  const { error, run } = useAccept(token, acceptAction);
  const [pending, startTransition] = React.useTransition();
  return (
    <div className="grid gap-3">
      <ErrorAlert message={error} />
      <p className="text-[13px] text-muted-foreground">You are signed in as {name}. Accepting adds the tenant to your account.</p>
      <Button
        variant="primary"
        size="lg"
        className="w-full"
        pending={pending}
        onClick={() => startTransition(async () => void (await run()))}
      >
        {pending ? 'Joining…' : 'Accept invitation'}
      </Button>
    </div>
  );
}

function WrongAccount({
  token,
  signedInAs,
  invitedEmail,
  signOutAction,
}: {
  token: string;
  signedInAs: string;
  invitedEmail: string;
  signOutAction: (token: string) => Promise<void>;
}) {
  const [pending, startTransition] = React.useTransition();
  return (
    <div className="grid min-w-0 gap-3 [overflow-wrap:anywhere]">
      <Alert tone="warning" title="Signed in as someone else">
        You are signed in as <strong>{signedInAs}</strong>, but this invitation is for <strong>{invitedEmail}</strong>. Sign out, then
        continue as {invitedEmail}.
      </Alert>
      <Button variant="primary" size="lg" className="w-full" pending={pending} onClick={() => startTransition(() => signOutAction(token))}>
        {pending ? 'Signing out…' : 'Sign out and continue'}
      </Button>
      <Link href="/" className={buttonVariants({ variant: 'ghost', size: 'lg', className: 'w-full' })}>
        Stay signed in
      </Link>
    </div>
  );
}

function NewAccountForm({
  token,
  email,
  tenantName,
  policy,
  acceptAction,
}: {
  token: string;
  email: string;
  tenantName: string;
  policy: PasswordPolicy;
  acceptAction: AcceptAction;
}) {
  const { error, run } = useAccept(token, acceptAction);
  const {
    register,
    handleSubmit,
    setError,
    setFocus,
    control,
    formState: { errors, isSubmitting },
  } = useForm<NewAccountInput, unknown, NewAccountInput>({
    resolver: newAccountForm.resolver,
    defaultValues: { name: '', password: '' },
    mode: 'onTouched',
  });
  const [name, password] = useWatch({ control, name: ['name', 'password'] });
  const owner = { email, name, tenantNames: [tenantName] };
  React.useEffect(() => newAccountForm.preload(), []);
  const onSubmit = handleSubmit(async (values) => {
    const check = await checkPasswordNow(values.password, policy, { ...owner, name: values.name });
    if (check?.problems.length) {
      setError('password', { message: check.problems[0] });
      setFocus('password');
      return;
    }
    const result = await run(values);
    if (result && !result.ok && result.fieldErrors) {
      const fields = (['name', 'password'] as const).filter((f) => result.fieldErrors?.[f]);
      for (const field of fields) setError(field, { message: result.fieldErrors[field] });
      if (fields.length) setFocus(fields[0]);
    }
  });
  return (
    <form
      onSubmit={(event) => void onSubmit(event)}
      method="post"
      noValidate
      className="grid gap-4"
      aria-label="Create your account and join"
    >
      <ErrorAlert message={error} />
      <p className="text-[13px] text-muted-foreground">
        New to Custos? Choose your name and a password: your account is created for this address, already confirmed.
      </p>
      <FormField label="Email">
        <Input type="email" value={email} readOnly aria-readonly="true" className="h-9 bg-muted/40" />
      </FormField>
      <FormField label="Name" error={errors.name?.message}>
        <Input autoComplete="name" placeholder="Ada Lovelace" className="h-9" {...register('name')} />
      </FormField>
      <NewPasswordField label="Password" error={errors.password?.message} policy={policy} owner={owner} password={password ?? ''}>
        <RevealablePasswordInput {...register('password')} />
      </NewPasswordField>
      <Button type="submit" variant="primary" size="lg" pending={isSubmitting} className="mt-1 w-full">
        {isSubmitting ? 'Creating your account…' : 'Create account and join'}
      </Button>
    </form>
  );
}

function ErrorAlert({ message }: { message: string | null }) {
  return (
    <div role="alert" aria-atomic="true">
      {message ? <Alert tone="danger">{message}</Alert> : null}
    </div>
  );
}

/** Expired, revoked, used or unknown: say so plainly, and how to get a new invitation. */
function UnusableInvitation({ invitation, signedIn }: { invitation: Exclude<InvitationLookup, { status: 'pending' }>; signedIn: boolean }) {
  const ask =
    invitation.status === 'unknown'
      ? null
      : `Ask ${invitation.invitedBy} or another admin of ${invitation.tenant.name} to send you a new invitation.`;
  const copy =
    invitation.status === 'accepted'
      ? {
          tone: 'success' as const,
          title: 'This invitation was already accepted',
          body: `${invitation.email} is a member of ${invitation.tenant.name}. Sign in to get there.`,
        }
      : invitation.status === 'expired'
        ? { tone: 'expired' as const, title: 'This invitation has expired', body: `Invitations work for 7 days. ${ask}` }
        : invitation.status === 'revoked'
          ? {
              tone: 'invalid' as const,
              title: 'This invitation was withdrawn',
              body: `An admin of ${invitation.tenant.name} revoked it. ${ask}`,
            }
          : {
              tone: 'invalid' as const,
              title: 'This invitation link is not valid',
              body: 'It may have been cut short when copied, or replaced by a newer invitation: open the link in the latest invitation message, or ask the person who invited you to send it again.',
            };
  const destination = invitation.status === 'accepted' ? `/t/${invitation.tenant.slug}` : '/';
  return (
    <Card className="w-full shadow-sm">
      <CardContent className="px-6 py-8">
        <AuthStatus
          tone={copy.tone}
          title={copy.title}
          actions={
            <Link
              href={signedIn ? destination : `/sign-in?next=${encodeURIComponent(destination)}`}
              className={buttonVariants({
                variant: invitation.status === 'accepted' ? 'primary' : 'secondary',
                size: 'lg',
                className: 'w-full',
              })}
            >
              {signedIn ? (invitation.status === 'accepted' ? `Go to ${invitation.tenant.name}` : 'Go to your tenants') : 'Sign in'}
            </Link>
          }
        >
          <p>{copy.body}</p>
        </AuthStatus>
      </CardContent>
    </Card>
  );
}
