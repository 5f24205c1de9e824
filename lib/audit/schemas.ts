import { z } from 'zod';

/**
 * Zod schemas of the tenant audit trail (`/api/v1/tenants/{tenant}/audit-events`, `…/verify`, `…/export`), shared by
 * the routes, the console and the OpenAPI document. The platform trail (lib/platform-admin) lists events of this shape too.
 */

/** One audit event as the API shows it (`auditEventView` in lib/audit/audit-event-view.ts builds it from a row). */
export const auditEventSchema = z.object({
  id: z.uuid(),
  occurredAt: z.string(),
  actor: z.object({ type: z.string(), id: z.string().nullable(), name: z.string().nullable() }),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
  reason: z.string().nullable(),
  requestId: z.string().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  hash: z.string(),
});
export type AuditEventView = z.infer<typeof auditEventSchema>;

const isoTime = z.iso
  .datetime({ offset: true, message: 'An ISO-8601 time such as 2026-01-31T00:00:00Z, or a date such as 2026-01-31.' })
  .or(z.iso.date({ message: 'An ISO-8601 time such as 2026-01-31T00:00:00Z, or a date such as 2026-01-31.' }));

const text = (max: number) => z.string().trim().min(1, 'Must not be empty.').max(max, `At most ${max} characters.`);

/** The filters of the list and of the export. */
const filters = {
  /** Exact (`role.updated`), or a prefix when it ends in `.` or `*` (`role.`, `role.*`, `invitation*`). */
  action: text(100)
    .regex(/^[A-Za-z0-9_.:-]+\*?$/, 'An action such as role.updated, or a prefix such as role. or role.*')
    .optional()
    .describe('Exact action (`role.updated`), or a prefix ending in `.` or `*` (`role.`, `role.*`).'),
  actorId: text(100).optional().describe('Id of the user, API key or system that acted.'),
  targetType: text(100).optional().describe('Type of the record acted on (`role`, `member`, `api_key`, …).'),
  targetId: text(200).optional().describe('Id of the record acted on.'),
  from: isoTime.optional().describe('Events at or after this time; a date alone means the start of that UTC day.'),
  to: isoTime
    .optional()
    .describe('Events at or before this time (to the millisecond, as `occurredAt` shows it); a date alone means the end of that UTC day.'),
};

export const auditEventsQuerySchema = z.strictObject({
  ...filters,
  limit: z.coerce.number().int('A whole number.').min(1, 'At least 1.').max(200, 'At most 200.').default(50),
  cursor: z.string().min(1).max(500).optional(),
});
export type AuditEventsQuery = z.input<typeof auditEventsQuerySchema>;
export type AuditEventFilters = Pick<z.output<typeof auditEventsQuerySchema>, keyof typeof filters>;

export const auditEventListSchema = z.object({ data: z.array(auditEventSchema), nextCursor: z.string().nullable() });
export type AuditEventList = z.infer<typeof auditEventListSchema>;

export const auditExportFormatSchema = z.enum(['csv', 'json'], { message: "Use 'csv' or 'json'." });
export type AuditExportFormat = z.infer<typeof auditExportFormatSchema>;

export const auditExportQuerySchema = z.strictObject({
  ...filters,
  format: auditExportFormatSchema.default('csv'),
});
export type AuditExportQuery = z.input<typeof auditExportQuerySchema>;

export const chainVerificationSchema = z.object({
  valid: z.boolean(),
  checked: z.int(),
  brokenAt: z.object({ id: z.uuid(), seq: z.int() }).optional(),
});
