import { integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Subscription plans. `seatLimit` null means unlimited. */
export const plans = pgTable('plans', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  seatLimit: integer('seat_limit'),
});

/** The Postgres-backed key-value store (rate limits, caches, idempotency) used when Upstash is not configured. */
export const kvEntries = pgTable('kv_entries', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }),
});
