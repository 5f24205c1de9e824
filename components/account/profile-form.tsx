'use client';

import * as React from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from '@/components/ui/card';
import { FormError } from '@/components/ui/form-error';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { Textarea } from '@/components/ui/textarea';
import { toast } from '@/components/ui/toast';
import { profileFormSchema, type AccountActionResult, type ProfileFormInput, type ProfileFormValues } from './form-schemas';

export type ProfileFormProps = {
  profile: { name: string; email: string; description: string | null };
  action: (values: ProfileFormValues) => Promise<AccountActionResult>;
};

/** Name and description; the email is shown but changes elsewhere. Errors appear beside their field. */
export function ProfileForm({ profile, action }: ProfileFormProps) {
  const [serverError, setServerError] = React.useState<string | null>(null);
  const {
    register,
    control,
    handleSubmit,
    reset,
    setError,
    formState: { errors, isSubmitting, isDirty },
  } = useForm<ProfileFormInput, unknown, ProfileFormValues>({
    resolver: zodResolver(profileFormSchema),
    defaultValues: { name: profile.name, description: profile.description ?? '' },
    mode: 'onTouched',
  });
  const description = useWatch({ control, name: 'description' }) ?? '';

  const onSubmit = handleSubmit(async (values) => {
    setServerError(null);
    let result: AccountActionResult;
    try {
      result = await action(values);
    } catch {
      setServerError('We could not reach Custos. Check your connection and try again.');
      return;
    }
    if (result.ok) {
      reset(values);
      toast({ title: 'Profile saved' });
      return;
    }
    let placed = false;
    for (const [field, message] of Object.entries(result.fieldErrors ?? {})) {
      if (field === 'name' || field === 'description') {
        setError(field, { type: 'server', message }, { shouldFocus: !placed });
        placed = true;
      }
    }
    if (!placed) setServerError(result.error);
  });

  return (
    <Card>
      <CardHeader className="flex-col gap-0.5">
        <CardTitle>Profile</CardTitle>
        <CardDescription>How you appear to the people in your tenants, in member lists and audit trails.</CardDescription>
      </CardHeader>
      <form onSubmit={(event) => void onSubmit(event)} noValidate aria-label="Profile">
        <CardContent className="grid gap-4">
          <FormError message={serverError} />
          <FormField label="Name" error={errors.name?.message}>
            <Input autoComplete="name" maxLength={100} defaultValue={profile.name} {...register('name')} />
          </FormField>
          <FormField label="Email" description="The address you sign in with. It cannot be changed here.">
            <Input type="email" value={profile.email} readOnly disabled />
          </FormField>
          <FormField
            label="About you"
            optional
            description="A line or two: your role, your site, how to reach you."
            error={errors.description?.message}
          >
            <Textarea rows={3} maxLength={500} defaultValue={profile.description ?? ''} {...register('description')} />
          </FormField>
          <p className="-mt-2 text-right text-xs text-muted-foreground tabular-nums" aria-live="polite">
            {description.length}/500
          </p>
        </CardContent>
        <CardFooter className="justify-end">
          <Button type="button" variant="ghost" disabled={!isDirty || isSubmitting} onClick={() => reset()}>
            Discard changes
          </Button>
          <Button type="submit" variant="primary" pending={isSubmitting} disabled={!isDirty}>
            {isSubmitting ? 'Saving…' : 'Save profile'}
          </Button>
        </CardFooter>
      </form>
    </Card>
  );
}
