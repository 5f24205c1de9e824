'use client';

import type { FieldErrors, FieldValues, Path, Resolver, UseFormSetError } from 'react-hook-form';
import type { ZodType } from 'zod';
import { zodResolver } from '@hookform/resolvers/zod';
import { ApiError } from '@/components/api-client';

type Schemas = typeof import('@/lib/quality/schemas');
let loading: Promise<Schemas> | null = null;

/**
 * The API's own schemas (lib/quality/schemas.ts), loaded on first use so the forms check fields exactly as the
 * server will without putting the module in the page's first JavaScript.
 */
export function loadQualitySchemas(): Promise<Schemas> {
  loading ??= import('@/lib/quality/schemas').catch((error) => {
    loading = null; // a failed chunk load is retried on the next validation
    throw error;
  });
  return loading;
}

export const preloadQualitySchemas = () => void loadQualitySchemas().catch(() => {});

/**
 * A react-hook-form resolver that turns the form's values into the request body (`toBody`) and checks it with
 * an API schema. The form's field names follow the body's (`characteristics.0.value`), so each issue lands beside
 * its field; the values handed on are the form's own.
 */
export function bodyResolver<V extends FieldValues>(pick: (m: Schemas) => ZodType, toBody: (values: V) => unknown): Resolver<V> {
  return async (values, context, options) => {
    const m = await loadQualitySchemas();
    const check = zodResolver(pick(m) as never, undefined, { raw: true }) as unknown as Resolver<FieldValues>;
    const result = await check(toBody(values) as FieldValues, context, options as never);
    if (Object.keys(result.errors).length === 0) return { values, errors: {} };
    return { values: {}, errors: result.errors as FieldErrors<V> };
  };
}

/** Blank text → null (the API's "not given"). */
export const blankToNull = (value: string | null | undefined) => (value && value.trim() ? value.trim() : null);

/** A number field's text → a number, or undefined when blank (the schema then says what is missing). */
export const numberOf = (value: string | number | null | undefined): number | undefined => {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'number') return Number.isNaN(value) ? undefined : value;
  const text = value.trim();
  if (!text) return undefined;
  const n = Number(text);
  return Number.isNaN(n) ? (text as unknown as number) : n;
};

/**
 * Place the API's field errors (ApiError.errors) beside their fields; returns the message to show above the
 * form when none of them could be placed (or the error was not about fields).
 */
export function placeServerErrors<V extends FieldValues>(
  error: unknown,
  setError: UseFormSetError<V>,
  fieldOf: (path: string) => string | null = (path) => path.split('.')[0] || null,
): string | null {
  if (error instanceof ApiError && error.errors.length > 0) {
    let placed = false;
    for (const { path, message } of error.errors) {
      const field = fieldOf(path);
      if (field) {
        setError(field as Path<V>, { type: 'server', message }, { shouldFocus: !placed });
        placed = true;
      }
    }
    if (placed) return null;
  }
  return error instanceof Error ? error.message : 'We could not reach Custos. Try again.';
}
