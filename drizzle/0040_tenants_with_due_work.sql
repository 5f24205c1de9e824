-- Hand-written: which tenants have background work due, in one call instead of one transaction per tenant.
-- The minute sweeps (deliver-webhooks, resume-serial-jobs) used to open a transaction for every tenant to look;
-- with thousands of tenants that is thousands of round trips a minute, and an engine's start-up sweep took tens of
-- seconds to reach the tenant whose work was lost. These functions run as the caller (no SECURITY DEFINER, no
-- bypass of row-level security): they set app.tenant_id to each tenant in turn, exactly as withTenant does, and ask
-- with the tables' own policies in force. The caller passes the tenants (the runtime role sees only the tenant in
-- use in `tenants`); they answer a superset at worst, and the sweeps then look inside each tenant that has work.
CREATE FUNCTION tenants_with_due_webhook_deliveries(p_tenants uuid[], p_at timestamptz) RETURNS SETOF uuid
LANGUAGE plpgsql VOLATILE SET search_path = public AS $$
DECLARE
  t uuid;
BEGIN
  FOREACH t IN ARRAY p_tenants LOOP
    PERFORM set_config('app.tenant_id', t::text, true);
    IF EXISTS (
      SELECT 1 FROM webhook_deliveries d
       WHERE d.tenant_id = t AND d.status = 'pending' AND d.next_attempt_at <= p_at
         AND (d.lease_until IS NULL OR d.lease_until <= p_at)
    ) THEN
      RETURN NEXT t;
    END IF;
  END LOOP;
  PERFORM set_config('app.tenant_id', '', true);
END $$;
--> statement-breakpoint
CREATE FUNCTION tenants_with_open_serial_jobs(p_tenants uuid[]) RETURNS SETOF uuid
LANGUAGE plpgsql VOLATILE SET search_path = public AS $$
DECLARE
  t uuid;
BEGIN
  FOREACH t IN ARRAY p_tenants LOOP
    PERFORM set_config('app.tenant_id', t::text, true);
    IF EXISTS (SELECT 1 FROM serial_jobs j WHERE j.tenant_id = t AND j.status IN ('queued', 'running')) THEN
      RETURN NEXT t;
    END IF;
  END LOOP;
  PERFORM set_config('app.tenant_id', '', true);
END $$;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION tenants_with_due_webhook_deliveries(uuid[], timestamptz) TO custos_app;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION tenants_with_open_serial_jobs(p_tenants uuid[]) TO custos_app;
