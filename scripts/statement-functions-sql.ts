// Prints CREATE OR REPLACE FUNCTION for every statement the request path keeps as a database function
// (db/statement-functions.ts, lib/tenancy/statement-functions.ts), built from the queries as their modules write them
// now. When tests/integration/statement-functions.test.ts reports a body that differs, put this output in a new
// migration: `npx drizzle-kit generate --custom --name <name>`, then this script's output into that file.
import { statementFunctionSql } from '@/db/statement-functions';
import { STATEMENT_FUNCTIONS } from '@/lib/tenancy/statement-functions';

console.log(STATEMENT_FUNCTIONS.map(statementFunctionSql).join('\n--> statement-breakpoint\n'));
