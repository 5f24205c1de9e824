'use client';

import { useRouter } from 'next/navigation';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiError, api, errorsByField } from '@/components/admin/api';
import { toast } from '@/components/ui/toast';
import { updateTenantSchema, type TenantView } from '@/lib/tenancy/schemas';
import { fieldErrors } from '@/lib/validation';

/** The tenant's query key, under which the settings page and its sections share the tenant. */
export const tenantQueryKey = (slug: string) => ['tenant', slug];

/** PATCH the tenant and put the answer under the tenant's query key (the seats stay: only GET carries them). */
export function useSaveTenant(slug: string) {
  const queryClient = useQueryClient();
  const router = useRouter();
  return useMutation({
    mutationFn: (body: unknown) => api<TenantView>(`/api/v1/tenants/${slug}`, { method: 'PATCH', json: body }),
    onSuccess: (data) => {
      queryClient.setQueryData<TenantView>(tenantQueryKey(slug), (old) => ({ ...data, seats: old?.seats ?? data.seats }));
      router.refresh(); // the sidebar and switcher show the new name
    },
  });
}

/** Validate with the API's own schema; errors keyed by dotted path. */
export function checkTenantBody(body: unknown): Record<string, string> {
  const result = updateTenantSchema.safeParse(body);
  return result.success ? {} : errorsByField(fieldErrors(result.error));
}

/**
 * Check a settings body, then save it: field errors on their fields, anything else in the form's one error.
 * `what` names the settings in the toast and the failure ("Password rules saved").
 */
export function submitSettings(
  save: ReturnType<typeof useSaveTenant>,
  body: unknown,
  what: string,
  setErrors: (errors: Record<string, string>) => void,
) {
  const found = checkTenantBody(body);
  setErrors(found);
  if (Object.keys(found).length) return;
  save.mutate(body, {
    onSuccess: () => toast({ title: `${what} saved` }),
    onError: (error) => {
      if (error instanceof ApiError && error.errors.length) setErrors(errorsByField(error.errors));
      else setErrors({ form: `${what} not saved: ${error.message}` });
    },
  });
}

/** A number typed in a field: NaN for an empty field, so the schema names it rather than taking 0. */
export const typedNumber = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));
