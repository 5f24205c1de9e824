-- Hand-written: the runtime role reads when a person last set their password, so a tenant request can answer
-- 403 password_expired under the tenant's maximum password age (lib/auth/password-expiry.ts). The password history
-- itself (hashes) stays with the owner connection: nothing of it is granted.
GRANT SELECT (password_changed_at) ON users TO custos_app;
--> statement-breakpoint
-- Existing passwords count from now: nobody's password is expired by the column's arrival.
UPDATE users SET password_changed_at = now() WHERE password_hash IS NOT NULL AND password_changed_at IS NULL;
