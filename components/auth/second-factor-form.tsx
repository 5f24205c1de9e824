'use client';

import * as React from 'react';
import Link from 'next/link';
import { unstable_rethrow } from 'next/navigation';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { Button } from '@/components/ui/button';
import { FormError } from '@/components/ui/form-error';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { secondFactorSchema, type SecondFactorInput, type SecondFactorValues } from './second-factor-schema';
import type { SignInResult } from './sign-in-schema';

export type SecondFactorFormProps = {
  action: (values: SecondFactorValues) => Promise<SignInResult>;
  next?: string;
};

/**
 * The second sign-in step: a code from the authenticator app, or — behind "Use a recovery code" — one of the saved
 * recovery codes. Validated with `secondFactorSchema` here and again by the action; the server's answer shows once above.
 */
export function SecondFactorForm({ action, next }: SecondFactorFormProps) {
  const [recovery, setRecovery] = React.useState(false);
  const [serverError, setServerError] = React.useState<{ message: string; action?: { href: string; label: string } } | null>(null);
  const {
    register,
    handleSubmit,
    setFocus,
    resetField,
    formState: { errors, isSubmitting },
  } = useForm<SecondFactorInput, unknown, SecondFactorValues>({
    resolver: zodResolver(secondFactorSchema),
    defaultValues: { code: '', next: next ?? '' },
    // Checked on submit: a check on blur would show an error under the field as "Use a recovery code" is pressed.
    mode: 'onSubmit',
  });

  const onSubmit = handleSubmit(async (values) => {
    setServerError(null);
    try {
      const result = await action({ ...values, next: values.next || undefined });
      if (result?.error) {
        setServerError({ message: result.error, action: result.action });
        setFocus('code');
      }
    } catch (error) {
      unstable_rethrow(error);
      setServerError({ message: 'We could not reach Custos. Check your connection and try again.' });
    }
  });

  function toggle() {
    setRecovery((r) => !r);
    resetField('code');
    setServerError(null);
    setTimeout(() => setFocus('code'), 0);
  }

  return (
    <div>
      <FormError
        message={serverError?.message}
        className="mb-4"
        detail={
          serverError?.action ? (
            <Link href={serverError.action.href} className="rounded-sm font-medium text-link underline underline-offset-2">
              {serverError.action.label}
            </Link>
          ) : null
        }
      />
      <form
        onSubmit={(event) => void onSubmit(event)}
        method="post"
        noValidate
        className="grid gap-4"
        aria-label={recovery ? 'Sign in with a recovery code' : 'Sign in with your authenticator app'}
      >
        <input type="hidden" {...register('next')} />
        <FormField
          key={recovery ? 'recovery' : 'totp'}
          label={recovery ? 'Recovery code' : 'Code from your authenticator app'}
          description={recovery ? 'One of the ten codes you saved when you set up your second factor. Each works once.' : undefined}
          error={errors.code?.message}
        >
          <Input
            type="text"
            autoComplete="one-time-code"
            inputMode={recovery ? 'text' : 'numeric'}
            autoCapitalize="none"
            spellCheck={false}
            autoFocus
            placeholder={recovery ? 'xxxxx-xxxxx' : '123456'}
            className="h-9 font-mono tracking-wider"
            {...register('code')}
          />
        </FormField>
        <Button type="submit" variant="primary" size="lg" pending={isSubmitting} className="mt-1 w-full">
          {isSubmitting ? 'Checking…' : 'Continue'}
        </Button>
        <Button type="button" variant="link" className="justify-self-center" onClick={toggle}>
          {recovery ? 'Use your authenticator app' : 'Use a recovery code'}
        </Button>
      </form>
    </div>
  );
}
