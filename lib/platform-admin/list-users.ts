import { sql, type SQL } from 'drizzle-orm';
import { getDb } from '@/db/client';
import type { Actor } from '@/lib/context';
import { decodeCursor, encodeCursor, isText, isUuid } from '@/lib/keyset-cursor';
import { parseInput } from '@/lib/validation';
import { selectAdminUsers } from './admin-users';
import { requirePlatformAdmin } from './platform-admin';
import { listUsersQuerySchema, type AdminUser, type ListUsersQuery } from './user-schemas';
import { containsPattern } from '@/lib/like-pattern';

type Cursor = { e: string; id: string };
const isUserCursor = (value: unknown): value is Cursor => isText((value as Cursor | null)?.e) && isUuid((value as Cursor | null)?.id);

/**
 * Every account for platform admins, A–Z by email: name, email, status, tenants, last sign-in. `q` matches name or
 * email (any case); `status` keeps active or deactivated accounts only; keyset pages.
 */
export async function listUsers(
  actor: Actor | null,
  input: ListUsersQuery = {},
): Promise<{ data: AdminUser[]; nextCursor: string | null }> {
  requirePlatformAdmin(actor);
  const query = parseInput(listUsersQuerySchema, input ?? {});
  const conditions: SQL[] = [sql`true`];
  if (query.q) {
    const pattern = containsPattern(query.q);
    conditions.push(sql`(u.name ilike ${pattern} or u.email ilike ${pattern})`);
  }
  if (query.status === 'active') conditions.push(sql`u.deactivated_at is null`);
  if (query.status === 'deactivated') conditions.push(sql`u.deactivated_at is not null`);
  if (query.cursor) {
    const after = decodeCursor(query.cursor, isUserCursor);
    conditions.push(sql`(lower(u.email), u.id) > (${after.e}, ${after.id}::uuid)`);
  }
  const db = await getDb();
  return db.transaction(async (tx) => {
    const rows = await selectAdminUsers(tx, sql.join(conditions, sql` and `), query.limit + 1);
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return {
      data: page.map((r) => r.user),
      nextCursor: rows.length > query.limit && last ? encodeCursor({ e: last.sortEmail, id: last.user.id } satisfies Cursor) : null,
    };
  });
}
