'use client';

import * as React from 'react';
import Link from 'next/link';
import { useForm, useWatch } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import type { z } from 'zod';
import { Button, buttonVariants } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardFooter, CardHeader } from '@/components/ui/card';
import { FormError } from '@/components/ui/form-error';
import type { PasswordOwner } from '@/lib/auth/password-policy';
import type { PasswordPolicy } from '@/lib/auth/password-policy-basics';
import type { resetPasswordSchema } from '@/lib/auth/schemas';
import { linkProblem, type AccountActionResult, type LinkProblem } from './account-action-result';
import { AuthStatus } from './auth-status';
import { LinkProblemStatus } from './link-problem';
import { lazyResolver } from './lazy-resolver';
import { RevealablePasswordInput } from './password-input';
import { checkPasswordNow, NewPasswordField } from './password-strength-meter';

type In = z.input<typeof resetPasswordSchema>;
type Out = z.output<typeof resetPasswordSchema>;

const resetForm = lazyResolver<In, Out>(() => import('@/lib/auth/schemas').then((m) => zodResolver(m.resetPasswordSchema)));

export type ResetPasswordFormProps = {
  token: string;
  action: (values: Out) => Promise<AccountActionResult>;
  /** Known before any request (a malformed token): show the problem straight away. */
  initialProblem?: LinkProblem;
  /** The link owner's password rules (the strictest of their tenants'). */
  policy: PasswordPolicy;
  /** Their details a password must not contain. */
  owner: PasswordOwner;
};

/** Choose a new password with the link from the reset mail; then "Password changed, sign in". */
export function ResetPasswordForm({ token, action, initialProblem, policy, owner }: ResetPasswordFormProps) {
  const [state, setState] = React.useState<{ kind: 'form' } | { kind: 'done' } | { kind: 'problem'; problem: LinkProblem }>(
    initialProblem ? { kind: 'problem', problem: initialProblem } : { kind: 'form' },
  );
  const [serverError, setServerError] = React.useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    setFocus,
    control,
    formState: { errors, isSubmitting },
  } = useForm<In, unknown, Out>({ resolver: resetForm.resolver, defaultValues: { token, password: '' }, mode: 'onTouched' });
  const password = useWatch({ control, name: 'password' });

  React.useEffect(() => resetForm.preload(), []);

  const onSubmit = handleSubmit(async (values) => {
    setServerError(null);
    const check = await checkPasswordNow(values.password, policy, owner);
    if (check?.problems.length) {
      setError('password', { message: check.problems[0] });
      setFocus('password');
      return;
    }
    try {
      const result = await action(values);
      if (result.ok) return setState({ kind: 'done' });
      const problem = linkProblem(result);
      if (problem) return setState({ kind: 'problem', problem });
      if (result.fieldErrors?.password) {
        setError('password', { message: result.fieldErrors.password });
        setFocus('password');
      } else setServerError(result.error);
    } catch {
      setServerError('We could not reach Custos. Check your connection and try again.');
    }
  });

  if (state.kind !== 'form') {
    return (
      <Card className="w-full shadow-sm">
        <CardContent className="px-6 py-8">
          {state.kind === 'done' ? (
            <AuthStatus
              tone="success"
              title="Password changed"
              focusOnMount
              actions={
                <Link href="/sign-in" className={buttonVariants({ variant: 'primary', size: 'lg', className: 'w-full' })}>
                  Sign in
                </Link>
              }
            >
              <p>Your new password is set, and every session of your account was signed out. Sign in with the new password.</p>
            </AuthStatus>
          ) : (
            <LinkProblemStatus kind="reset" problem={state.problem} focusOnMount={!initialProblem} />
          )}
        </CardContent>
      </Card>
    );
  }

  return (
    <Card className="w-full shadow-sm">
      <CardHeader className="flex-col gap-1 px-6 pt-6 pb-4">
        <h1 className="text-lg font-semibold tracking-tight">Choose a new password</h1>
        <CardDescription>It replaces your current password and signs your account out everywhere.</CardDescription>
      </CardHeader>
      <CardContent className="px-6 pb-6">
        <FormError message={serverError} className="mb-4" />
        <form onSubmit={(event) => void onSubmit(event)} method="post" noValidate className="grid gap-4" aria-label="Choose a new password">
          <input type="hidden" {...register('token')} />
          <NewPasswordField label="New password" error={errors.password?.message} policy={policy} owner={owner} password={password ?? ''}>
            <RevealablePasswordInput {...register('password')} />
          </NewPasswordField>
          <Button type="submit" variant="primary" size="lg" pending={isSubmitting} className="mt-1 w-full">
            {isSubmitting ? 'Saving…' : 'Set new password'}
          </Button>
        </form>
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
