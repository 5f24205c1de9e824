'use client';

import type { FieldValues, Resolver } from 'react-hook-form';

/**
 * A react-hook-form resolver loaded on first use. The account forms validate with the very schemas of
 * lib/auth/schemas.ts, whose password policy carries a list of ~49,000 common passwords: loading it
 * lazily keeps it out of the page's first JavaScript, and `preload()` (on mount) fetches it before the
 * first keystroke needs it.
 */
export function lazyResolver<In extends FieldValues, Out>(
  load: () => Promise<Resolver<In, unknown, Out>>,
): { resolver: Resolver<In, unknown, Out>; preload: () => void } {
  let pending: Promise<Resolver<In, unknown, Out>> | null = null;
  const get = () => {
    pending ??= load().catch((error) => {
      pending = null; // a failed chunk load is retried on the next validation
      throw error;
    });
    return pending;
  };
  return {
    resolver: async (values, context, options) => (await get())(values, context, options),
    preload: () => void get().catch(() => {}),
  };
}
