import { z } from 'zod';
import { API_KEY_NAME_MAX } from '@/lib/access/api-key-schemas';

/** What the create dialog checks before the round trip; the server (lib/access/api-key-schemas.ts) decides. */
export const EXPIRY_CHOICES = [
  { value: 'never', label: 'Never' },
  { value: '30', label: 'In 30 days' },
  { value: '90', label: 'In 90 days' },
  { value: '365', label: 'In 1 year' },
  { value: 'custom', label: 'On a date…' },
] as const;

export const apiKeyFormSchema = z
  .object({
    name: z.string().trim().min(1, 'Enter a name.').max(API_KEY_NAME_MAX, `At most ${API_KEY_NAME_MAX} characters.`),
    permissions: z.array(z.string()).min(1, 'Choose at least one permission.'),
    expiry: z.enum(['never', '30', '90', '365', 'custom']),
    expiryDate: z.string(),
  })
  .superRefine((v, ctx) => {
    if (v.expiry !== 'custom') return;
    const at = v.expiryDate ? new Date(`${v.expiryDate}T23:59:59`) : null;
    if (!at || Number.isNaN(at.getTime())) ctx.addIssue({ code: 'custom', path: ['expiryDate'], message: 'Choose a date.' });
    else if (at.getTime() <= Date.now()) ctx.addIssue({ code: 'custom', path: ['expiryDate'], message: 'Choose a date in the future.' });
  });
export type ApiKeyFormValues = z.infer<typeof apiKeyFormSchema>;

/** The `expiresAt` to send for the chosen expiry (end of the chosen local day for a custom date). */
export function expiresAtOf(values: Pick<ApiKeyFormValues, 'expiry' | 'expiryDate'>): string | null {
  if (values.expiry === 'never') return null;
  if (values.expiry === 'custom') return new Date(`${values.expiryDate}T23:59:59`).toISOString();
  return new Date(Date.now() + Number(values.expiry) * 24 * 60 * 60 * 1000).toISOString();
}
