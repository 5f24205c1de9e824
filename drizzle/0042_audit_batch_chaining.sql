-- Hand-written: audit events chained in batches (issue 22: one tenant's writers at thousands of events a second).
-- Until now the insert trigger locked the tenant's chain head from the insert until COMMIT returned, and COMMIT
-- includes the WAL flush, so one tenant's writers took turns at the disk's flush rate. Now a transaction that says
-- so (withTenant sets custos.audit_chain = 'deferred' in its setup statement) inserts its events pending: time set,
-- seq null, prev_hash and hash empty, no lock. After its commit the writer calls audit_chain_pending for the chain,
-- which links every committed pending event of that chain in one transaction (one flush for the batch). Every other
-- insert still chains at once, as before. The hash and its canonical form do not change: old chains still verify,
-- and lib/audit/chain-hash.ts still mirrors audit_event_hash.
ALTER TABLE audit_events ALTER COLUMN seq DROP NOT NULL;
--> statement-breakpoint
-- The chainer's and the sweep's way to the events not yet chained (a few at any time; empty when all is chained).
CREATE INDEX audit_events_pending_idx ON audit_events (tenant_id, occurred_at, id) WHERE seq IS NULL;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION audit_events_chain() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  k text := coalesce(NEW.tenant_id::text, 'platform');
  head audit_chain_heads%ROWTYPE;
BEGIN
  NEW.occurred_at := clock_timestamp();
  IF current_setting('custos.audit_chain', true) = 'deferred' THEN
    -- Pending: whatever the writer sent, the chainer alone assigns these.
    NEW.seq := NULL;
    NEW.prev_hash := '';
    NEW.hash := '';
    RETURN NEW;
  END IF;
  INSERT INTO audit_chain_heads (chain_key, seq, hash) VALUES (k, 0, repeat('0', 64))
    ON CONFLICT (chain_key) DO NOTHING;
  SELECT * INTO head FROM audit_chain_heads WHERE chain_key = k FOR UPDATE;
  NEW.seq := head.seq + 1;
  NEW.prev_hash := head.hash;
  NEW.hash := audit_event_hash(head.hash, NEW);
  UPDATE audit_chain_heads SET seq = NEW.seq, hash = NEW.hash WHERE chain_key = k;
  RETURN NEW;
END
$$;
--> statement-breakpoint
-- Chains one chain's committed pending events ('platform' or a tenant id), at most p_limit of them, oldest first
-- (occurred_at, then id), continuing from the chain's head; returns how many, or -1 when another transaction is
-- chaining it now and p_wait is false. Runs as the owner: the runtime role may call it, but only for the tenant its
-- transaction is in, and it cannot update audit events or chain heads any other way (no privilege, and the
-- append-only trigger lets exactly this function's transition through). The advisory lock is taken before the
-- pending events are read, so a call that gets it sees every event committed before the call.
CREATE FUNCTION audit_chain_pending(p_chain_key text, p_wait boolean DEFAULT false, p_limit integer DEFAULT 10000)
RETURNS integer LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public AS $$
DECLARE
  caller_tenant text := nullif(current_setting('app.tenant_id', true), '');
  tenant uuid;
  head audit_chain_heads%ROWTYPE;
  pending audit_events[];
  e audit_events;
  n integer := 0;
BEGIN
  -- Inside a SECURITY DEFINER function current_user is the owner; the `role` setting is still the caller's.
  IF current_setting('role', true) = 'custos_app' AND p_chain_key IS DISTINCT FROM caller_tenant THEN
    RAISE EXCEPTION 'audit_chain_pending: only the chain of the tenant in use' USING ERRCODE = 'insufficient_privilege';
  END IF;
  tenant := CASE WHEN p_chain_key = 'platform' THEN NULL ELSE p_chain_key::uuid END;
  IF p_wait THEN
    PERFORM pg_advisory_xact_lock(hashtext('audit-chain'), hashtext(p_chain_key));
  ELSIF NOT pg_try_advisory_xact_lock(hashtext('audit-chain'), hashtext(p_chain_key)) THEN
    RETURN -1;
  END IF;
  -- The tenant's rows under its own row-level security (the owner is bound by FORCE too unless superuser).
  PERFORM set_config('app.tenant_id', coalesce(tenant::text, ''), true);
  IF tenant IS NULL THEN
    pending := ARRAY(
      SELECT a FROM audit_events a WHERE a.tenant_id IS NULL AND a.seq IS NULL ORDER BY a.occurred_at, a.id LIMIT p_limit
    );
  ELSE
    pending := ARRAY(
      SELECT a FROM audit_events a WHERE a.tenant_id = tenant AND a.seq IS NULL ORDER BY a.occurred_at, a.id LIMIT p_limit
    );
  END IF;
  IF cardinality(pending) > 0 THEN
    -- Only now a write (and a flush at commit): a call that finds nothing costs no flush.
    INSERT INTO audit_chain_heads (chain_key, seq, hash) VALUES (p_chain_key, 0, repeat('0', 64))
      ON CONFLICT (chain_key) DO NOTHING;
    SELECT * INTO head FROM audit_chain_heads WHERE chain_key = p_chain_key FOR UPDATE;
    PERFORM set_config('custos.audit_chaining', p_chain_key, true);
    FOREACH e IN ARRAY pending LOOP
      e.seq := head.seq + 1;
      e.prev_hash := head.hash;
      e.hash := audit_event_hash(head.hash, e);
      UPDATE audit_events SET seq = e.seq, prev_hash = e.prev_hash, hash = e.hash WHERE id = e.id;
      head.seq := e.seq;
      head.hash := e.hash;
      n := n + 1;
    END LOOP;
    UPDATE audit_chain_heads SET seq = head.seq, hash = head.hash WHERE chain_key = p_chain_key;
    PERFORM set_config('custos.audit_chaining', '', true);
  END IF;
  PERFORM set_config('app.tenant_id', coalesce(caller_tenant, ''), true);
  RETURN n;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION audit_chain_pending(text, boolean, integer) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION audit_chain_pending(text, boolean, integer) TO custos_app;
--> statement-breakpoint
-- Which of the given tenants have pending audit events, for the minute sweep (as drizzle/0040: runs as the caller,
-- under each tenant's row-level security in turn; the platform trail the sweep asks the owner connection itself).
CREATE FUNCTION tenants_with_pending_audit_events(p_tenants uuid[]) RETURNS SETOF uuid
LANGUAGE plpgsql VOLATILE SET search_path = public AS $$
DECLARE
  t uuid;
BEGIN
  FOREACH t IN ARRAY p_tenants LOOP
    PERFORM set_config('app.tenant_id', t::text, true);
    IF EXISTS (SELECT 1 FROM audit_events e WHERE e.tenant_id = t AND e.seq IS NULL) THEN
      RETURN NEXT t;
    END IF;
  END LOOP;
  PERFORM set_config('app.tenant_id', '', true);
END $$;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION tenants_with_pending_audit_events(uuid[]) TO custos_app;
--> statement-breakpoint
-- Append-only stays: the one update allowed is the chainer's, pending → chained, made by the owner inside
-- audit_chain_pending for that event's chain (custos.audit_chaining names it), with seq, prev_hash and hash set and
-- every other column unchanged. The runtime role has no UPDATE privilege at all; the wipe-out's DELETE as before.
CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE'
     AND current_user <> 'custos_app'
     AND OLD.tenant_id IS NOT NULL
     AND OLD.tenant_id::text = nullif(current_setting('custos.wipe_tenant_id', true), '') THEN
    RETURN OLD;
  END IF;
  IF TG_OP = 'UPDATE'
     AND OLD.seq IS NULL AND NEW.seq IS NOT NULL AND NEW.prev_hash <> '' AND NEW.hash <> ''
     AND current_user <> 'custos_app'
     AND current_user = (SELECT r.rolname FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner WHERE c.oid = TG_RELID)
     AND coalesce(OLD.tenant_id::text, 'platform') = nullif(current_setting('custos.audit_chaining', true), '')
     AND to_jsonb(NEW) - 'seq' - 'prev_hash' - 'hash' = to_jsonb(OLD) - 'seq' - 'prev_hash' - 'hash' THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
