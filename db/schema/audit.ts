import { bigint, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * The audit trail. Append-only (a trigger rejects UPDATE, DELETE and TRUNCATE; the runtime role has
 * no such privilege) and hash-chained per tenant: a BEFORE INSERT trigger assigns `seq`, `occurredAt`,
 * `prevHash` and `hash` under a per-chain row lock (see drizzle/0001_rls_audit.sql).
 * `tenantId` null is the platform trail.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id'),
    seq: bigint('seq', { mode: 'number' }).notNull().default(0),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
    actorType: text('actor_type', { enum: ['user', 'api_key', 'system', 'anonymous'] }).notNull(),
    actorId: text('actor_id'),
    actorName: text('actor_name'),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    before: jsonb('before'),
    after: jsonb('after'),
    reason: text('reason'),
    requestId: text('request_id'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    prevHash: text('prev_hash').notNull().default(''),
    hash: text('hash').notNull().default(''),
  },
  (t) => [
    uniqueIndex('audit_events_chain_key').on(t.tenantId, t.seq),
    index('audit_events_tenant_time_idx').on(t.tenantId, t.occurredAt),
    index('audit_events_tenant_target_idx').on(t.tenantId, t.targetType, t.targetId),
  ],
);

/** Head of each hash chain (`tenant id` or `platform`). Written only by the audit trigger. */
export const auditChainHeads = pgTable('audit_chain_heads', {
  chainKey: text('chain_key').primaryKey(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  hash: text('hash').notNull(),
});
