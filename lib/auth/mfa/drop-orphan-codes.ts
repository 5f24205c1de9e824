import { eq } from 'drizzle-orm';
import type { Queryable } from '@/db/client';
import { recoveryCodes } from '@/db/schema';
import { hasSecondFactor } from './second-factor-status';

/** After a factor is removed: with no factor left, recovery codes stand for nothing and are deleted. True when they were. */
export async function dropCodesWithoutFactor(db: Queryable, userId: string): Promise<boolean> {
  if (await hasSecondFactor(db, userId)) return false;
  await db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  return true;
}
