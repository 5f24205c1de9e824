'use client';

import * as React from 'react';
import Link from 'next/link';
import { useForm, useWatch } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import type { z } from 'zod';
import { Inbox } from 'lucide-react';
import { Button, buttonVariants } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardFooter, CardHeader } from '@/components/ui/card';
import { FormError } from '@/components/ui/form-error';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { toast } from '@/components/ui/toast';
import type { registerSchema } from '@/lib/auth/schemas';
import type { AccountActionResult } from './account-action-result';
import { AuthStatus } from './auth-status';
import { EmailLinkForm } from './email-link-form';
import { lazyResolver } from './lazy-resolver';
import { RevealablePasswordInput } from './password-input';
import { checkPasswordNow, NewPasswordField } from './password-strength-meter';
import { DEFAULT_PASSWORD_POLICY } from '@/lib/auth/password-policy-basics';

type In = z.input<typeof registerSchema>;
type Out = z.output<typeof registerSchema>;
type EmailAction = (values: { email: string }) => Promise<AccountActionResult>;

const signUpForm = lazyResolver<In, Out>(() => import('@/lib/auth/schemas').then((m) => zodResolver(m.registerSchema)));
const FIELDS = ['name', 'email', 'password'] as const;

export type SignUpFormProps = {
  action: (values: Out) => Promise<AccountActionResult>;
  resendAction: EmailAction;
  /** Offer a link to /dev/mail in the "check your inbox" state (development). */
  devMailbox?: boolean;
};

/** Sign-up: name, email and a password meeting the default rules (strength meter under it); then "check your inbox". */
export function SignUpForm({ action, resendAction, devMailbox = false }: SignUpFormProps) {
  const [sentTo, setSentTo] = React.useState<string | null>(null);
  const [serverError, setServerError] = React.useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    setFocus,
    control,
    formState: { errors, isSubmitting },
  } = useForm<In, unknown, Out>({
    resolver: signUpForm.resolver,
    defaultValues: { name: '', email: '', password: '' },
    mode: 'onTouched',
  });

  const [name, email, password] = useWatch({ control, name: ['name', 'email', 'password'] });

  React.useEffect(() => signUpForm.preload(), []);

  const onSubmit = handleSubmit(async (values) => {
    setServerError(null);
    // The rules a newcomer meets (the server checks them again): refused here without a round trip.
    const check = await checkPasswordNow(values.password, DEFAULT_PASSWORD_POLICY, { email: values.email, name: values.name });
    if (check?.problems.length) {
      setError('password', { message: check.problems[0] });
      setFocus('password');
      return;
    }
    try {
      const result = await action(values);
      if (result.ok) return setSentTo(values.email);
      const fieldErrors = result.fieldErrors ?? {};
      const known = FIELDS.filter((field) => fieldErrors[field]);
      for (const field of known) setError(field, { message: fieldErrors[field] });
      if (known.length > 0) setFocus(known[0]);
      else setServerError(result.error);
    } catch {
      setServerError('We could not reach Custos. Check your connection and try again.');
    }
  });

  if (sentTo) {
    return (
      <Card className="w-full shadow-sm">
        <CardContent className="px-6 py-8">
          <CheckInbox email={sentTo} resendAction={resendAction} devMailbox={devMailbox} />
        </CardContent>
      </Card>
    );
  }

  return (
    <Card className="w-full shadow-sm">
      <CardHeader className="flex-col gap-1 px-6 pt-6 pb-4">
        <h1 className="text-lg font-semibold tracking-tight">Create your Custos account</h1>
        <CardDescription>One account for every tenant you are invited to.</CardDescription>
      </CardHeader>
      <CardContent className="px-6 pb-6">
        <FormError message={serverError} className="mb-4" />
        <form onSubmit={(event) => void onSubmit(event)} method="post" noValidate className="grid gap-4" aria-label="Create account">
          <FormField label="Name" error={errors.name?.message}>
            <Input autoComplete="name" placeholder="Ada Lovelace" className="h-9" {...register('name')} />
          </FormField>
          <FormField label="Email" error={errors.email?.message}>
            <Input
              type="email"
              autoComplete="email"
              inputMode="email"
              autoCapitalize="none"
              spellCheck={false}
              placeholder="name@company.com"
              className="h-9"
              {...register('email')}
            />
          </FormField>
          <NewPasswordField
            label="Password"
            error={errors.password?.message}
            policy={DEFAULT_PASSWORD_POLICY}
            owner={{ email, name }}
            password={password ?? ''}
          >
            <RevealablePasswordInput {...register('password')} />
          </NewPasswordField>
          <Button type="submit" variant="primary" size="lg" pending={isSubmitting} className="mt-1 w-full">
            {isSubmitting ? 'Creating account…' : 'Create account'}
          </Button>
        </form>
      </CardContent>
      <CardFooter className="justify-center rounded-b-lg bg-muted/40 px-6">
        <span>
          Already have an account?{' '}
          <Link href="/sign-in" className="rounded-sm font-medium text-link hover:underline">
            Sign in
          </Link>
        </span>
      </CardFooter>
    </Card>
  );
}

/** After sign-up (or a resend): where the link went, how long it works, and a way to get another. */
function CheckInbox({ email, resendAction, devMailbox }: { email: string; resendAction: EmailAction; devMailbox: boolean }) {
  const [pending, startTransition] = React.useTransition();
  const resend = () =>
    startTransition(async () => {
      try {
        const result = await resendAction({ email });
        if (result.ok)
          toast({ title: 'A new link is on its way', description: `If ${email} is waiting for confirmation, check your inbox again.` });
        else toast({ title: 'No new link was sent', description: result.error, tone: 'error' });
      } catch {
        toast({ title: 'We could not reach Custos', description: 'Check your connection and try again.', tone: 'error' });
      }
    });
  return (
    <AuthStatus
      tone="mail"
      title="Check your inbox"
      focusOnMount
      actions={
        <>
          {devMailbox ? (
            <Link
              href={`/dev/mail?to=${encodeURIComponent(email)}`}
              className={buttonVariants({ variant: 'primary', size: 'lg', className: 'w-full' })}
            >
              <Inbox aria-hidden="true" />
              Open the dev mailbox
            </Link>
          ) : null}
          <Button variant="secondary" size="lg" className="w-full" pending={pending} onClick={resend}>
            {pending ? 'Sending…' : 'Send a new link'}
          </Button>
          <Link href="/sign-in" className={buttonVariants({ variant: 'ghost', className: 'w-full' })}>
            Back to sign in
          </Link>
        </>
      }
    >
      <p>
        We sent a message to <span className="font-medium break-all text-foreground">{email}</span>. Follow the link in it to confirm your
        address: it works once and expires in 24 hours.
      </p>
      <p>Nothing there after a few minutes? Check your spam folder, or send a new link.</p>
    </AuthStatus>
  );
}

/** `/sign-up?resend=1`: ask for a new confirmation link. */
export function ResendVerificationForm({ action, devMailbox = false }: { action: EmailAction; devMailbox?: boolean }) {
  const [sentTo, setSentTo] = React.useState<string | null>(null);
  if (sentTo) {
    return (
      <Card className="w-full shadow-sm">
        <CardContent className="px-6 py-8">
          <CheckInbox email={sentTo} resendAction={action} devMailbox={devMailbox} />
        </CardContent>
      </Card>
    );
  }
  return (
    <Card className="w-full shadow-sm">
      <CardHeader className="flex-col gap-1 px-6 pt-6 pb-4">
        <h1 className="text-lg font-semibold tracking-tight">Get a new confirmation link</h1>
        <CardDescription>
          Enter the email address you signed up with. If its account is waiting for confirmation, we send a new link; earlier links stop
          working.
        </CardDescription>
      </CardHeader>
      <CardContent className="px-6 pb-6">
        <EmailLinkForm
          action={action}
          onSent={setSentTo}
          submitLabel="Send a new link"
          pendingLabel="Sending…"
          ariaLabel="Get a new confirmation link"
        />
      </CardContent>
      <CardFooter className="justify-center rounded-b-lg bg-muted/40 px-6">
        <span>
          Confirmed already?{' '}
          <Link href="/sign-in" className="rounded-sm font-medium text-link hover:underline">
            Sign in
          </Link>
        </span>
      </CardFooter>
    </Card>
  );
}
