'use client';

export { ApiError, api } from '@/components/api-client';

/** Zod-style `[{path, message}]` to `{ field: message }` (first message per field). */
export function errorsByField(errors: { path: string; message: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) out[e.path.replace(/^query\./, '')] ??= e.message;
  return out;
}
