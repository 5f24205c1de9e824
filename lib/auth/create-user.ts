import { users } from '@/db/schema';
import type { Queryable } from '@/db/client';
import { now } from '@/lib/platform/clock';
import { hashPassword } from './password';

/** Insert a user with an argon2id password hash. Used by the seed, the CLI and tests; sign-up adds checks on top. */
export async function insertUser(
  db: Queryable,
  input: { email: string; name: string; password?: string; verified?: boolean; isPlatformAdmin?: boolean },
): Promise<{ id: string; email: string; name: string }> {
  const [row] = await db
    .insert(users)
    .values({
      email: input.email.trim().toLowerCase(),
      name: input.name,
      passwordHash: input.password ? await hashPassword(input.password) : null,
      passwordChangedAt: input.password ? now() : null,
      emailVerified: input.verified ? new Date() : null,
      isPlatformAdmin: input.isPlatformAdmin ?? false,
    })
    .returning({ id: users.id, email: users.email, name: users.name });
  return row;
}
