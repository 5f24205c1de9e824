import { z } from 'zod';

export const meSchema = z.object({
  id: z.uuid(),
  email: z.email(),
  name: z.string(),
  description: z.string().nullable(),
  isPlatformAdmin: z.boolean(),
  memberships: z.array(
    z.object({
      tenant: z.object({ slug: z.string(), name: z.string() }),
      roles: z.array(z.string()),
    }),
  ),
});
export type Me = z.infer<typeof meSchema>;
