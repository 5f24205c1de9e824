-- Hand-written: live_session_facts (0041) answers at most one row (the session id is its key), but a SECURITY DEFINER
-- function is never inlined and the planner assumes 1,000 rows of any set-returning function. Joined to `users` and
-- asked "has a second factor?" (lib/auth/second-factor-sql.ts), it then judged 1,000 index probes dearer than hashing
-- all of totp_secrets and webauthn_credentials, and read both tables whole on every request made with a session:
-- with 50,000 of each, 39 ms of database CPU per request instead of 0.1 ms. One row is the truth; the probes follow.
ALTER FUNCTION live_session_facts(uuid, uuid) ROWS 1;
