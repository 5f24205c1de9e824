import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { totpSecrets, webauthnCredentials } from '@/db/schema/mfa';

/**
 * Whether a person has a second factor (a confirmed authenticator app or a passkey), as a column of a larger query:
 * the session lookup and the password check learn it without a round trip of their own.
 */
export const hasSecondFactorSql = (userId: AnyPgColumn): SQL<boolean> =>
  sql<boolean>`(exists (select 1 from ${totpSecrets} where ${totpSecrets.userId} = ${userId} and ${totpSecrets.confirmedAt} is not null)
    or exists (select 1 from ${webauthnCredentials} where ${webauthnCredentials.userId} = ${userId}))`;
