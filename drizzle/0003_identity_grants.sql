-- Hand-written: what the runtime role (custos_app) may touch of the identity tables.
-- Tenant work (invitations) writes mail to the outbox in its own transaction; it never reads tokens.
GRANT INSERT ON email_outbox TO custos_app;
--> statement-breakpoint
GRANT SELECT (image) ON users TO custos_app;
