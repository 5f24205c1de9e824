'use client';

import * as React from 'react';
import { useRouter } from 'next/navigation';
import { useForm, useWatch } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { Eye, EyeOff } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from '@/components/ui/card';
import { cn } from '@/components/ui/cn';
import { FormError } from '@/components/ui/form-error';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { toast } from '@/components/ui/toast';
import { checkPasswordNow, NewPasswordField } from '@/components/auth/password-strength-meter';
import type { PasswordOwner } from '@/lib/auth/password-policy';
import type { PasswordPolicy } from '@/lib/auth/password-policy-basics';
import { passwordFormSchema, type AccountActionResult, type PasswordFormValues } from './form-schemas';

export type PasswordFormProps = {
  action: (values: { currentPassword: string; newPassword: string }) => Promise<AccountActionResult>;
  /** The person's password rules: the strictest of their tenants' (lib/auth/password-rules.ts). */
  policy: PasswordPolicy;
  /** Their details a password must not contain. */
  owner: PasswordOwner;
  /** Where to carry on once the password is changed (the console sent an expired password here). */
  next?: string | null;
};

/** Current password, new password twice. Success signs out every other session; this one stays. */
export function PasswordForm({ action, policy, owner, next = null }: PasswordFormProps) {
  const router = useRouter();
  const [serverError, setServerError] = React.useState<string | null>(null);
  const [show, setShow] = React.useState(false);
  const {
    register,
    handleSubmit,
    reset,
    setError,
    control,
    formState: { errors, isSubmitting },
  } = useForm<PasswordFormValues>({
    resolver: zodResolver(passwordFormSchema),
    defaultValues: { currentPassword: '', newPassword: '', confirmPassword: '' },
    mode: 'onTouched',
  });
  const newPassword = useWatch({ control, name: 'newPassword' });

  const onSubmit = handleSubmit(async ({ currentPassword, newPassword }) => {
    setServerError(null);
    const check = await checkPasswordNow(newPassword, policy, owner);
    if (check?.problems.length) {
      setError('newPassword', { type: 'rules', message: check.problems[0] }, { shouldFocus: true });
      return;
    }
    let result: AccountActionResult;
    try {
      result = await action({ currentPassword, newPassword });
    } catch {
      setServerError('We could not reach Custos. Check your connection and try again.');
      return;
    }
    if (result.ok) {
      reset();
      toast({ title: 'Password changed', description: 'Your other sessions were signed out. This one stays signed in.' });
      if (next) router.push(next);
      else router.refresh(); // an expiry notice above the form goes away
      return;
    }
    let placed = false;
    for (const [field, message] of Object.entries(result.fieldErrors ?? {})) {
      if (field === 'currentPassword' || field === 'newPassword') {
        setError(field, { type: 'server', message }, { shouldFocus: !placed });
        placed = true;
      }
    }
    if (!placed) setServerError(result.error);
  });

  const toggle = (
    <button
      type="button"
      onClick={() => setShow((s) => !s)}
      aria-pressed={show}
      className="inline-flex items-center gap-1 rounded-sm font-medium text-link hover:underline focus-visible:outline-2 focus-visible:outline-ring"
    >
      {show ? <EyeOff aria-hidden="true" className="size-3.5" /> : <Eye aria-hidden="true" className="size-3.5" />}
      {show ? 'Hide passwords' : 'Show passwords'}
    </button>
  );
  const type = show ? 'text' : 'password';

  return (
    <Card>
      <CardHeader className="flex-col gap-0.5">
        <CardTitle>Change password</CardTitle>
        <CardDescription>
          Changing it signs you out everywhere else — other browsers and API clients — and we email you a notice. You stay signed in here.
        </CardDescription>
      </CardHeader>
      <form onSubmit={(event) => void onSubmit(event)} noValidate aria-label="Change password">
        <CardContent className="grid max-w-md gap-4">
          <FormError message={serverError} />
          <FormField label="Current password" error={errors.currentPassword?.message} labelAside={toggle}>
            <Input type={type} autoComplete="current-password" className="h-9" {...register('currentPassword')} />
          </FormField>
          <NewPasswordField label="New password" error={errors.newPassword?.message} policy={policy} owner={owner} password={newPassword}>
            <Input type={type} autoComplete="new-password" className="h-9" {...register('newPassword')} />
          </NewPasswordField>
          <FormField label="Repeat the new password" error={errors.confirmPassword?.message}>
            <Input type={type} autoComplete="new-password" className={cn('h-9')} {...register('confirmPassword')} />
          </FormField>
        </CardContent>
        <CardFooter className="justify-end">
          <Button type="submit" variant="primary" pending={isSubmitting}>
            {isSubmitting ? 'Changing…' : 'Change password'}
          </Button>
        </CardFooter>
      </form>
    </Card>
  );
}
