'use client';

import * as React from 'react';
import Link from 'next/link';
import { unstable_rethrow } from 'next/navigation';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { Eye, EyeOff } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { FormError } from '@/components/ui/form-error';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { signInSchema, type SignInAction, type SignInInput, type SignInValues } from './sign-in-schema';

export { signInSchema, safeNextPath } from './sign-in-schema';
export type { SignInAction, SignInValues } from './sign-in-schema';

export type SignInFormProps = {
  /** Signs in; returns `{ error }` to show above the form, or redirects. */
  action: SignInAction;
  /** A safe path to continue to afterwards (from `?next=`). */
  next?: string;
  /** The address to start with (`?email=`, e.g. from an invitation). */
  email?: string;
};

/** Email + password, validated with `signInSchema` in the browser and again by the action. */
export function SignInForm({ action, next, email }: SignInFormProps) {
  const [serverError, setServerError] = React.useState<{ message: string; action?: { href: string; label: string } } | null>(null);
  const [showPassword, setShowPassword] = React.useState(false);
  const {
    register,
    handleSubmit,
    setFocus,
    formState: { errors, isSubmitting },
  } = useForm<SignInInput, unknown, SignInValues>({
    resolver: zodResolver(signInSchema),
    defaultValues: { email: email ?? '', password: '', next: next ?? '' },
    mode: 'onTouched',
  });

  const onSubmit = handleSubmit(async (values) => {
    setServerError(null);
    try {
      const result = await action({ ...values, next: values.next || undefined });
      if (result?.error) {
        setServerError({ message: result.error, action: result.action });
        setFocus('password');
      }
    } catch (error) {
      unstable_rethrow(error); // a redirect after signing in is not an error
      setServerError({ message: 'We could not reach Custos. Check your connection and try again.' });
    }
  });

  return (
    <div>
      {/* The live region stays in the DOM so the message is announced when it appears. */}
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
      <form onSubmit={(event) => void onSubmit(event)} method="post" noValidate className="grid gap-4" aria-label="Sign in">
        <input type="hidden" {...register('next')} />
        <FormField label="Email" error={errors.email?.message}>
          <Input
            type="email"
            autoComplete="username"
            inputMode="email"
            autoCapitalize="none"
            spellCheck={false}
            placeholder="name@company.com"
            className="h-9"
            {...register('email')}
          />
        </FormField>
        <FormField
          label="Password"
          error={errors.password?.message}
          labelAside={
            <Link href="/forgot-password" className="rounded-sm font-medium text-link hover:underline">
              Forgot password?
            </Link>
          }
        >
          <PasswordInput show={showPassword} onToggle={() => setShowPassword((s) => !s)} {...register('password')} />
        </FormField>
        <Button type="submit" variant="primary" size="lg" pending={isSubmitting} className="mt-1 w-full">
          {isSubmitting ? 'Signing in…' : 'Sign in'}
        </Button>
      </form>
    </div>
  );
}

/** A password input with a show/hide button; id and aria attributes from FormField land on the input. */
function PasswordInput({ show, onToggle, className, ...props }: React.ComponentProps<'input'> & { show: boolean; onToggle: () => void }) {
  return (
    <div className="relative">
      <Input type={show ? 'text' : 'password'} autoComplete="current-password" className={cn('h-9 pr-9', className)} {...props} />
      <button
        type="button"
        onClick={onToggle}
        aria-label={show ? 'Hide password' : 'Show password'}
        aria-pressed={show}
        className="absolute inset-y-0 right-0 flex w-9 items-center justify-center rounded-r-md text-muted-foreground hover:text-foreground focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-ring"
      >
        {show ? <EyeOff aria-hidden="true" className="size-4" /> : <Eye aria-hidden="true" className="size-4" />}
      </button>
    </div>
  );
}
