'use client';

import * as React from 'react';
import { unstable_rethrow } from 'next/navigation';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { Button } from '@/components/ui/button';
import { FormError } from '@/components/ui/form-error';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import type { ActionResult } from '@/lib/http/action-result';
import { createTenantSchema, type CreateTenantInput } from '@/lib/tenancy/schemas';

/** "Acme Pharma GmbH" → "acme-pharma-gmbh". */
export function slugify(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63);
}

/** Name and address of a new tenant; the address follows the name until edited. */
export function CreateTenantForm({ action }: { action: (values: CreateTenantInput) => Promise<ActionResult> }) {
  const [serverError, setServerError] = React.useState<string | null>(null);
  const [slugEdited, setSlugEdited] = React.useState(false); // once the slug is typed, the name no longer fills it
  const {
    register,
    handleSubmit,
    setValue,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<CreateTenantInput>({ resolver: zodResolver(createTenantSchema), defaultValues: { name: '', slug: '' }, mode: 'onTouched' });

  const onSubmit = handleSubmit(async (values) => {
    setServerError(null);
    try {
      const result = await action(values);
      if (result.ok) return;
      for (const [field, message] of Object.entries(result.fieldErrors ?? {})) {
        if (field === 'name' || field === 'slug') setError(field, { message });
      }
      if (!result.fieldErrors) setServerError(result.error);
    } catch (error) {
      unstable_rethrow(error);
      setServerError('We could not reach Custos. Check your connection and try again.');
    }
  });

  const name = register('name', {
    onChange: (event: React.ChangeEvent<HTMLInputElement>) => {
      if (!slugEdited) setValue('slug', slugify(event.target.value), { shouldValidate: Boolean(errors.slug) });
    },
  });
  const slug = register('slug', {
    onChange: () => {
      setSlugEdited(true);
    },
  });

  return (
    <form
      onSubmit={(event) => void onSubmit(event)}
      noValidate
      className="grid w-full max-w-sm gap-4 text-left"
      aria-label="Create a tenant"
    >
      <FormError message={serverError} />
      <FormField label="Organisation name" error={errors.name?.message}>
        <Input autoComplete="organization" placeholder="Acme Pharma" {...name} />
      </FormField>
      <FormField
        label="Address"
        description="Used in links: /t/your-address. Lowercase letters, digits and hyphens."
        error={errors.slug?.message}
      >
        <Input autoCapitalize="none" spellCheck={false} placeholder="acme-pharma" className="font-mono" {...slug} />
      </FormField>
      <Button type="submit" variant="primary" disabled={isSubmitting} aria-busy={isSubmitting}>
        {isSubmitting ? 'Creating…' : 'Create tenant'}
      </Button>
    </form>
  );
}
