import { z } from 'zod';
import type { SerialRules, SerialStatus } from './api';

/**
 * What the serial forms check in the browser before the round trip. The API checks again with
 * lib/serials/schemas.ts and decides; its field errors come back beside the same fields. The limits and the serial
 * pattern are the server's own, handed over as data (SerialRules), so the two cannot drift apart.
 */

/** "25,000", "25 000" and "25000" are all 25000; anything else is left for the schema to refuse. */
export function countOf(text: string): number | undefined {
  const compact = text.trim().replace(/[\s,_']/g, '');
  if (!compact) return undefined;
  return /^-?\d+(\.\d+)?$/.test(compact) ? Number(compact) : Number.NaN;
}

export function generateFormSchema(rules: Pick<SerialRules, 'maxPerJob'>) {
  const max = rules.maxPerJob.toLocaleString('en');
  return z.object({
    count: z
      .string()
      .transform((text) => countOf(text))
      .pipe(
        z
          .number({ message: `Enter a whole number from 1 to ${max}.` })
          .refine((n) => !Number.isNaN(n), `Enter a whole number from 1 to ${max}.`)
          .refine((n) => Number.isInteger(n) || Number.isNaN(n), 'Use a whole number.')
          .refine((n) => n >= 1 || Number.isNaN(n), 'At least 1.')
          .refine((n) => n <= rules.maxPerJob || Number.isNaN(n), `At most ${max} in one job.`),
      ),
  });
}
export type GenerateFormValues = { count: string };

export function changeStatusFormSchema(rules: Pick<SerialRules, 'statuses' | 'pattern'>, mode: 'list' | 'range') {
  const serial = new RegExp(rules.pattern);
  const serialField = (what: string) =>
    z.string().trim().toUpperCase().min(1, `Enter the ${what} serial.`).regex(serial, '12 characters of 0-9 and A-Z without I, L, O, U.');
  return z
    .object({
      to: z.string().refine((v) => (rules.statuses as readonly string[]).includes(v), 'Choose the new status.'),
      reason: z.string().trim().min(3, 'Give a reason of at least 3 characters.').max(1000, 'At most 1000 characters.'),
      from: mode === 'range' ? serialField('first') : z.string(),
      until: mode === 'range' ? serialField('last') : z.string(),
    })
    .superRefine((v, ctx) => {
      if (mode === 'range' && v.from && v.until && v.from > v.until) {
        ctx.addIssue({ code: 'custom', path: ['until'], message: 'The range ends before it starts (serials are in A–Z order).' });
      }
    });
}
export type ChangeStatusFormValues = { to: SerialStatus | ''; reason: string; from: string; until: string };
