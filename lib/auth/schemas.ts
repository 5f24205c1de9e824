import { z } from 'zod';
import { newPasswordSchema } from './password-policy';

// One definition per form and endpoint: react-hook-form resolvers, server actions, route handlers and OpenAPI.

export const emailSchema = z
  .string({ message: 'Enter your email address.' })
  .trim()
  .toLowerCase()
  .max(254, 'At most 254 characters.')
  .pipe(z.email({ message: 'Enter a valid email address.' }));

export const nameSchema = z
  .string({ message: 'Enter your name.' })
  .trim()
  .min(1, 'Enter your name.')
  .max(100, 'At most 100 characters.');

/** A password being checked (sign-in, current password): any length up to the maximum, no policy. */
export const passwordInputSchema = z.string({ message: 'Enter your password.' }).min(1, 'Enter your password.').max(128, 'At most 128 characters.');

export const tokenSchema = z.string({ message: 'The link is missing its token.' }).min(20, 'This link is not valid.').max(200, 'This link is not valid.');

export const registerSchema = z.strictObject({ email: emailSchema, password: newPasswordSchema, name: nameSchema });
export type RegisterInput = z.infer<typeof registerSchema>;

export const signInSchema = z.strictObject({ email: emailSchema, password: passwordInputSchema });
export type SignInInput = z.infer<typeof signInSchema>;

export const verifyEmailSchema = z.strictObject({ token: tokenSchema });
export const unlockAccountSchema = z.strictObject({ token: tokenSchema });
export const forgotPasswordSchema = z.strictObject({ email: emailSchema });
export const resetPasswordSchema = z.strictObject({ token: tokenSchema, password: newPasswordSchema });
export const changePasswordSchema = z.strictObject({ currentPassword: passwordInputSchema, newPassword: newPasswordSchema });
export const refreshSchema = z.strictObject({ refreshToken: tokenSchema });
export const logoutSchema = z.strictObject({ refreshToken: tokenSchema.optional() });

export const updateProfileSchema = z.strictObject({
  name: nameSchema.optional(),
  description: z.string().trim().max(500, 'At most 500 characters.').nullable().optional(),
});
export type UpdateProfileInput = z.infer<typeof updateProfileSchema>;

export const meSchema = z.object({
  id: z.uuid(),
  email: z.email(),
  name: z.string(),
  description: z.string().nullable(),
  image: z.string().nullable(),
  isPlatformAdmin: z.boolean(),
  memberships: z.array(
    z.object({
      tenant: z.object({ slug: z.string(), name: z.string() }),
      roles: z.array(z.string()),
    }),
  ),
});
export type Me = z.infer<typeof meSchema>;

export const tokenPairSchema = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  tokenType: z.literal('Bearer'),
  expiresIn: z.number().int(),
  user: z.object({ id: z.uuid(), email: z.string(), name: z.string() }),
});

export const sessionSchema = z.object({
  id: z.uuid(),
  kind: z.enum(['browser', 'token']),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  current: z.boolean(),
});
