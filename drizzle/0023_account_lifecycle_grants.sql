-- Hand-written: the runtime role reads whether a member's account is deactivated (lib/access/member-access.ts:
-- their API keys are refused inside the tenant transaction). Nothing else of the lifecycle columns is granted.
GRANT SELECT (deactivated_at) ON users TO custos_app;
