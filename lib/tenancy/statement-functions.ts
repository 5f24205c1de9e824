import type { StatementFunction } from '@/db/statement-functions';
import { API_KEY_FACTS } from './api-key-facts';
import { SESSION_FACTS } from './session-facts';

/**
 * Every statement the request path keeps as a database function (db/statement-functions.ts): the facts a tenant
 * request by a session or an API key loads before its work. scripts/statement-functions-sql.ts prints them for a
 * migration; tests/integration/statement-functions.test.ts checks the migrated bodies against them.
 */
export const STATEMENT_FUNCTIONS: readonly StatementFunction[] = [SESSION_FACTS, API_KEY_FACTS];
