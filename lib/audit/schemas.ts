import { z } from 'zod';
import { EXAMPLE_CURSOR, EXAMPLE_IDS, EXAMPLE_SHA256, EXAMPLE_TIMES } from '@/lib/api-examples';
import { outputDateTime } from '@/lib/validation';
import { sortDirSchema } from '@/lib/list-order';

/**
 * Zod schemas of the tenant audit trail (`/api/v1/tenants/{tenant}/audit-events`, `…/verify`, `…/export`), shared by
 * the routes, the console and the OpenAPI document. The platform trail (lib/platform-admin) lists events of this shape too.
 */

/** One audit event as the API shows it (`auditEventView` in lib/audit/audit-event-view.ts builds it from a row). */
const auditEventFields = z.object({
  id: z.uuid(),
  occurredAt: outputDateTime(),
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
const exampleAuditEvent = {
  id: EXAMPLE_IDS.auditEvent,
  occurredAt: EXAMPLE_TIMES.updated,
  actor: { type: 'user', id: EXAMPLE_IDS.user, name: 'Dana Whitfield' },
  action: 'role.updated',
  targetType: 'role',
  targetId: EXAMPLE_IDS.role,
  before: { permissions: ['batches.read', 'inspections.read'] },
  after: { permissions: ['batches.read', 'inspections.read', 'inspections.review'] },
  reason: null,
  requestId: '0f8c1f5e-2d8b-4a7e-9a51-6f0d3c2b7e11',
  ip: '203.0.113.24',
  userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
  hash: EXAMPLE_SHA256,
};
export const auditEventSchema = auditEventFields.meta({ id: 'AuditEvent', examples: [exampleAuditEvent] });
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
  /** The one order of the trail: by time (`occurred`, the chain's sequence, which is the order the events were written). */
  sort: z.enum(['occurred'], { message: 'Use occurred.' }).default('occurred'),
  /** `desc` (newest first, the default) or `asc` (oldest first). */
  dir: sortDirSchema.default('desc'),
  limit: z.coerce.number().int('A whole number.').min(1, 'At least 1.').max(200, 'At most 200.').default(50),
  cursor: z.string().min(1).max(500).optional(),
});
export type AuditEventsQuery = z.input<typeof auditEventsQuerySchema>;
export type AuditEventFilters = Pick<z.output<typeof auditEventsQuerySchema>, keyof typeof filters>;

export const auditEventListSchema = z
  .object({ data: z.array(auditEventSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'AuditEventPage', examples: [{ data: [exampleAuditEvent], nextCursor: EXAMPLE_CURSOR }] });
export type AuditEventList = z.infer<typeof auditEventListSchema>;

export const auditExportFormatSchema = z.enum(['csv', 'json'], { message: "Use 'csv' or 'json'." });
export type AuditExportFormat = z.infer<typeof auditExportFormatSchema>;

export const auditExportQuerySchema = z.strictObject({
  ...filters,
  format: auditExportFormatSchema.default('csv'),
});
export type AuditExportQuery = z.input<typeof auditExportQuerySchema>;

export const chainVerificationSchema = z
  .object({
    valid: z.boolean(),
    checked: z.int(),
    brokenAt: z.object({ id: z.uuid(), seq: z.int() }).optional(),
  })
  .meta({ id: 'ChainVerification', examples: [{ valid: true, checked: 18234 }] });
