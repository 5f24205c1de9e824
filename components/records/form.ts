'use client';

import type { FieldErrors, FieldValues, Resolver } from 'react-hook-form';
import type { ZodType } from 'zod';
import { zodResolver } from '@hookform/resolvers/zod';

type Schemas = typeof import('@/lib/records/notes-schemas');
let loading: Promise<Schemas> | null = null;

/** The API's note schemas (lib/records/notes-schemas.ts), loaded on first use, so the form checks exactly as the server. */
function loadNoteSchemas(): Promise<Schemas> {
  loading ??= import('@/lib/records/notes-schemas').catch((error) => {
    loading = null;
    throw error;
  });
  return loading;
}
export const preloadNoteSchemas = () => void loadNoteSchemas().catch(() => {});

/** A react-hook-form resolver checking the form's values with one of the note schemas. */
export function noteResolver<V extends FieldValues>(pick: (m: Schemas) => ZodType): Resolver<V> {
  return async (values, context, options) => {
    const m = await loadNoteSchemas();
    const check = zodResolver(pick(m) as never, undefined, { raw: true }) as unknown as Resolver<FieldValues>;
    const result = await check(values, context, options as never);
    if (Object.keys(result.errors).length === 0) return { values, errors: {} };
    return { values: {}, errors: result.errors as FieldErrors<V> };
  };
}
