'use client';

import * as React from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import type { z } from 'zod';
import { Button } from '@/components/ui/button';
import { FormError } from '@/components/ui/form-error';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import type { forgotPasswordSchema } from '@/lib/auth/schemas';
import type { AccountActionResult } from './account-action-result';
import { lazyResolver } from './lazy-resolver';

type In = z.input<typeof forgotPasswordSchema>;
type Out = z.output<typeof forgotPasswordSchema>;

// `{ email }`: the schema of forgot-password and resend-verification alike.
const emailForm = lazyResolver<In, Out>(() => import('@/lib/auth/schemas').then((m) => zodResolver(m.forgotPasswordSchema)));

export type EmailLinkFormProps = {
  action: (values: Out) => Promise<AccountActionResult>;
  submitLabel: string;
  pendingLabel: string;
  defaultEmail?: string;
  /** Called with the normalised address once the server accepted the request. */
  onSent: (email: string) => void;
  ariaLabel: string;
};

/** One email field and a submit button: asks the server to mail a link. */
export function EmailLinkForm({ action, submitLabel, pendingLabel, defaultEmail, onSent, ariaLabel }: EmailLinkFormProps) {
  const [serverError, setServerError] = React.useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    setFocus,
    formState: { errors, isSubmitting },
  } = useForm<In, unknown, Out>({ resolver: emailForm.resolver, defaultValues: { email: defaultEmail ?? '' }, mode: 'onTouched' });

  React.useEffect(() => emailForm.preload(), []);

  const onSubmit = handleSubmit(async (values) => {
    setServerError(null);
    try {
      const result = await action(values);
      if (result.ok) return onSent(values.email);
      if (result.fieldErrors?.email) {
        setError('email', { message: result.fieldErrors.email });
        setFocus('email');
      } else setServerError(result.error);
    } catch {
      setServerError('We could not reach Custos. Check your connection and try again.');
    }
  });

  return (
    <div>
      <FormError message={serverError} className="mb-4" />
      <form onSubmit={(event) => void onSubmit(event)} method="post" noValidate className="grid gap-4" aria-label={ariaLabel}>
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
        <Button type="submit" variant="primary" size="lg" pending={isSubmitting} className="mt-1 w-full">
          {isSubmitting ? pendingLabel : submitLabel}
        </Button>
      </form>
    </div>
  );
}
