import { sql } from 'drizzle-orm';
import { boolean, index, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { memberships, tenants } from './tenancy';

/** Roles of a tenant: the five defaults and custom ones. Tenant-owned. */
export const roles = pgTable(
  'roles',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    description: text('description'),
    isDefault: boolean('is_default').notNull().default(false),
    /** A role of a downstream system grants only that system's keys. */
    systemId: uuid('system_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  // Names are unique per system, not per tenant (an "Admin" of IMS and another of TTS); tenant-level roles (no system)
  // share one namespace, the nil uuid standing for "no system" (a plain unique index treats nulls as distinct).
  (t) => [
    uniqueIndex('roles_tenant_system_name_key').on(
      t.tenantId,
      sql`coalesce(${t.systemId}, '00000000-0000-0000-0000-000000000000'::uuid)`,
      t.name,
    ),
  ],
);

/** The permission keys a role grants. Tenant-owned. */
export const rolePermissions = pgTable(
  'role_permissions',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    roleId: uuid('role_id')
      .notNull()
      .references(() => roles.id, { onDelete: 'cascade' }),
    permission: text('permission').notNull(),
  },
  (t) => [primaryKey({ columns: [t.roleId, t.permission] }), index('role_permissions_tenant_idx').on(t.tenantId)],
);

/** Which roles a member holds directly. Tenant-owned. */
export const memberRoles = pgTable(
  'member_roles',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    membershipId: uuid('membership_id')
      .notNull()
      .references(() => memberships.id, { onDelete: 'cascade' }),
    roleId: uuid('role_id')
      .notNull()
      .references(() => roles.id, { onDelete: 'restrict' }),
  },
  (t) => [primaryKey({ columns: [t.membershipId, t.roleId] }), index('member_roles_tenant_role_idx').on(t.tenantId, t.roleId)],
);

/** Downstream systems a tenant registers, with their own permission keys `<slug>:<resource.action>`. Tenant-owned. */
export const systems = pgTable(
  'systems',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').primaryKey().defaultRandom(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    permissions: text('permissions')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** Inactive: its OpenID clients are refused and its keys evaluate to deny. */
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('systems_tenant_slug_key').on(t.tenantId, t.slug)],
);

/** Teams hold members and roles: a member gets the roles of their teams. Tenant-owned. */
export const teams = pgTable(
  'teams',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    description: text('description'),
    /** The directory's id for this group (SCIM `externalId`). */
    externalId: text('external_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('teams_tenant_name_key').on(t.tenantId, t.name)],
);

export const teamMembers = pgTable(
  'team_members',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    membershipId: uuid('membership_id')
      .notNull()
      .references(() => memberships.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.membershipId] }), index('team_members_tenant_member_idx').on(t.tenantId, t.membershipId)],
);

export const teamRoles = pgTable(
  'team_roles',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    teamId: uuid('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    roleId: uuid('role_id')
      .notNull()
      .references(() => roles.id, { onDelete: 'restrict' }),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.roleId] }), index('team_roles_tenant_role_idx').on(t.tenantId, t.roleId)],
);

/** Per-member direct grants and explicit denies. A deny beats every grant. Tenant-owned. */
export const memberOverrides = pgTable(
  'member_overrides',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    membershipId: uuid('membership_id')
      .notNull()
      .references(() => memberships.id, { onDelete: 'cascade' }),
    permission: text('permission').notNull(),
    effect: text('effect', { enum: ['grant', 'deny'] }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.membershipId, t.permission] }), index('member_overrides_tenant_idx').on(t.tenantId)],
);
