import type { StatementFunction } from '@/db/statement-functions';
import { MEMBER_ACCESS, MEMBER_ACCESS_WITH_SUSPENDED } from '@/lib/access/member-access';
import { API_KEY_FACTS } from './api-key-facts';
import { SESSION_FACTS } from './session-facts';

/**
 * Every statement the request path keeps as a database function (db/statement-functions.ts): the facts a tenant
 * request by a session or an API key loads before its work, and a member's access (the console's requests, authorize).
 * scripts/statement-functions-sql.ts prints them for a migration; tests/integration/statement-functions.test.ts
 * checks the migrated bodies against them.
 */
export const STATEMENT_FUNCTIONS: readonly StatementFunction[] = [
  SESSION_FACTS,
  API_KEY_FACTS,
  MEMBER_ACCESS,
  MEMBER_ACCESS_WITH_SUSPENDED,
];
