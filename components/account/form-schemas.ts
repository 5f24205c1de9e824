import { z } from 'zod';

/**
 * What the account forms check in the browser, before a round trip. The server actions validate again
 * with the domain schemas of lib/auth/schemas.ts, which decide (and add the common-password check): those
 * errors come back beside the same fields. Kept separate so the 370 KB common-password list the policy
 * uses does not ship to the browser. Limits mirror lib/auth/schemas.ts and lib/auth/password-policy.ts.
 */
export const profileFormSchema = z.object({
  name: z.string().trim().min(1, 'Enter your name.').max(100, 'At most 100 characters.'),
  description: z.string().trim().max(500, 'At most 500 characters.'),
});
export type ProfileFormInput = z.input<typeof profileFormSchema>;
export type ProfileFormValues = z.output<typeof profileFormSchema>;

export const passwordFormSchema = z
  .object({
    currentPassword: z.string().min(1, 'Enter your current password.').max(128, 'At most 128 characters.'),
    // The floor of any tenant's rules; the rules in force are checked by the strength meter and the server.
    newPassword: z.string().min(8, 'Use at least 8 characters.').max(128, 'Use at most 128 characters.'),
    confirmPassword: z.string().min(1, 'Repeat the new password.'),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ['confirmPassword'], message: 'The two new passwords do not match.' });
export type PasswordFormValues = z.infer<typeof passwordFormSchema>;

/** What an account server action answers: done, or a message and errors by field name. */
export type { ActionResult as AccountActionResult } from '@/lib/http/action-result';

export const AVATAR_MAX_BYTES = 1024 * 1024;
