import { z } from 'zod';
import { BATCH_STATUSES, INSPECTION_STATUSES, INSPECTION_TYPES, SIGNATURE_MEANINGS } from '@/db/schema/quality';
import { listQuerySchema } from '@/lib/access/role-schemas';
import { GS1_AI10_PATTERN, isValidGtin14 } from './gtin';
import {
  EXAMPLE_BATCH_NUMBER,
  EXAMPLE_CURSOR,
  EXAMPLE_GTIN,
  EXAMPLE_IDS,
  EXAMPLE_PERSON,
  EXAMPLE_REVIEWER,
  EXAMPLE_SHA256,
  EXAMPLE_TIMES,
} from '@/lib/api-examples';
import { outputDate, outputDateTime } from '@/lib/validation';
import { sortDirSchema } from '@/lib/list-order';
import { attachmentSchema, noteSchema } from '@/lib/records/notes-schemas';

/** Schemas of batch records (sites, batches, inspections, signatures): used by the routes, the console forms and OpenAPI. */

const slug = z.string().min(1).max(63);
const id = (what: string) => z.uuid(`Not a valid ${what} id.`);
export const tenantOnlyParamsSchema = z.strictObject({ tenant: slug });
export const recordIdParamsSchema = z.strictObject({ tenant: slug, id: z.uuid('Not a valid id.') });

const reason = z.string({ message: 'Give a reason.' }).trim().min(3, 'At least 3 characters.').max(1000, 'At most 1000 characters.');
const optionalText = (max: number) => z.string().trim().max(max, `At most ${max} characters.`).nullable().optional();

// ── Sites ────────────────────────────────────────────────────────────────────────────────────────────

const siteCode = z
  .string({ message: 'Enter a site code.' })
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9][A-Z0-9._-]{0,19}$/, 'Use 1–20 letters, digits, dots, hyphens and underscores.')
  // The accepted form: any case (stored upper-cased), surrounding whitespace trimmed.
  .meta({
    pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,19}$',
    description: 'Site code: 1–20 letters, digits, dots, hyphens and underscores; stored upper-cased.',
  });
const siteName = z.string({ message: 'Enter a name.' }).trim().min(2, 'At least 2 characters.').max(120, 'At most 120 characters.');

export const createSiteSchema = z
  .strictObject({
    code: siteCode,
    name: siteName,
    address: optionalText(500),
    licenseNumber: optionalText(100),
  })
  .meta({
    examples: [
      { code: 'BER-01', name: 'Berlin Fill & Finish', address: 'Industriestraße 12, 12099 Berlin', licenseNumber: 'DE-BE-2024-117' },
    ],
  });
export type CreateSiteInput = z.infer<typeof createSiteSchema>;

export const updateSiteSchema = z
  .strictObject({
    name: siteName.optional(),
    address: optionalText(500),
    licenseNumber: optionalText(100),
    active: z.boolean({ message: 'true or false.' }).optional(),
    reason: reason.optional(),
  })
  .meta({ examples: [{ name: 'Berlin Fill & Finish (Building B)', reason: 'Production moved to building B.' }] });

/** The orders of the site list: `code` (the default) or `name`, A–Z unless `dir=desc`. */
export const SITE_SORTS = ['code', 'name'] as const;
export type SiteSort = (typeof SITE_SORTS)[number];

export const listSitesQuerySchema = listQuerySchema.extend({
  active: z.enum(['true', 'false'], { message: 'true or false.' }).optional(),
  /** `code` (the default) or `name` (any case). */
  sort: z.enum(SITE_SORTS, { message: 'Use code or name.' }).default('code'),
  /** `asc` (the default) or `desc`. */
  dir: sortDirSchema.optional(),
});

const exampleSite = {
  id: EXAMPLE_IDS.site,
  code: 'BER-01',
  name: 'Berlin Fill & Finish',
  address: 'Industriestraße 12, 12099 Berlin',
  licenseNumber: 'DE-BE-2024-117',
  active: true,
  createdAt: EXAMPLE_TIMES.created,
  updatedAt: EXAMPLE_TIMES.created,
};
export const siteSchema = z
  .object({
    id: z.uuid(),
    code: z.string(),
    name: z.string(),
    address: z.string().nullable(),
    licenseNumber: z.string().nullable(),
    active: z.boolean(),
    createdAt: outputDateTime(),
    updatedAt: outputDateTime(),
  })
  .meta({ id: 'Site', examples: [exampleSite] });
export type SiteView = z.infer<typeof siteSchema>;
export const siteListSchema = z
  .object({ data: z.array(siteSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'SitePage', examples: [{ data: [exampleSite], nextCursor: null }] });

// ── Signatures ───────────────────────────────────────────────────────────────────────────────────────

export const signatureInputSchema = z.strictObject({
  /**
   * Required, unless the tenant's `signatureRequiresPassword` is off and the signer already signed with their
   * password in this session (21 CFR 11.200(a)(1)(i)): then leaving it out signs with the session.
   */
  password: z.string({ message: 'Re-enter your password to sign.' }).min(1, 'Re-enter your password to sign.').max(1024).optional(),
  meaning: z.enum(SIGNATURE_MEANINGS, { message: `One of ${SIGNATURE_MEANINGS.join(', ')}.` }),
});
export type SignatureInput = z.infer<typeof signatureInputSchema>;

const exampleSignature = {
  id: EXAMPLE_IDS.signature,
  signer: EXAMPLE_REVIEWER,
  meaning: SIGNATURE_MEANINGS[0],
  reason: null,
  signedAt: EXAMPLE_TIMES.signed,
  recordHash: EXAMPLE_SHA256,
  valid: true,
};
export const signatureSchema = z
  .object({
    id: z.uuid(),
    signer: z.object({ id: z.uuid(), name: z.string() }),
    meaning: z.enum(SIGNATURE_MEANINGS),
    reason: z.string().nullable(),
    signedAt: outputDateTime(),
    recordHash: z.string(),
    /** False when the record changed after it was signed (its canonical hash no longer matches). */
    valid: z.boolean(),
  })
  .meta({ id: 'Signature', examples: [exampleSignature] });
export type SignatureView = z.infer<typeof signatureSchema>;

// ── Batches ──────────────────────────────────────────────────────────────────────────────────────────

const gtin = z
  .string({ message: 'A GTIN is 14 digits.' })
  .trim()
  .regex(/^\d{14}$/, 'A GTIN is 14 digits.')
  .refine(isValidGtin14, 'The GS1 check digit (the last digit) is wrong.')
  .meta({
    description: 'GTIN-14: 14 digits, the last one the GS1 check digit (surrounding whitespace is trimmed).',
    examples: [EXAMPLE_GTIN],
  });
const batchNumber = z
  .string({ message: 'Enter a batch number.' })
  .trim()
  .regex(GS1_AI10_PATTERN, 'Up to 20 GS1 characters: letters, digits and !"%&\'()*+,-./:;<=>?_')
  .meta({
    description: 'GS1 AI (10) batch number: 1–20 of the GS1 characters (surrounding whitespace is trimmed).',
    examples: [EXAMPLE_BATCH_NUMBER],
  });
const productName = z
  .string({ message: 'Enter a product name.' })
  .trim()
  .min(2, 'At least 2 characters.')
  .max(200, 'At most 200 characters.');
const plannedQuantity = z.int('A whole number.').min(1, 'At least 1.').max(1_000_000_000, 'At most 1,000,000,000.');
const expiresOn = z.iso.date('A date, YYYY-MM-DD.');

export const createBatchSchema = z
  .strictObject({
    batchNumber,
    productName,
    gtin: gtin.nullable().optional(),
    siteId: id('site'),
    plannedQuantity,
    expiresOn,
  })
  .meta({
    examples: [
      {
        batchNumber: EXAMPLE_BATCH_NUMBER,
        productName: 'Amoxicillin 500 mg capsules',
        gtin: EXAMPLE_GTIN,
        siteId: EXAMPLE_IDS.site,
        plannedQuantity: 120000,
        expiresOn: '2028-06-30',
      },
    ],
  });
export type CreateBatchInput = z.infer<typeof createBatchSchema>;

/** A correction of a batch record: always with a reason. */
export const updateBatchSchema = z
  .strictObject({
    productName: productName.optional(),
    gtin: gtin.nullable().optional(),
    plannedQuantity: plannedQuantity.optional(),
    expiresOn: expiresOn.optional(),
    reason,
  })
  .meta({ examples: [{ plannedQuantity: 118000, reason: 'Planned quantity corrected to the approved master batch record.' }] });

/** The orders of the batch list (`?sort=`). */
export const BATCH_SORTS = ['created', 'updated', 'number', 'product', 'status', 'expires'] as const;
export type BatchSort = (typeof BATCH_SORTS)[number];

export const listBatchesQuerySchema = listQuerySchema.extend({
  status: z
    .union([z.enum(BATCH_STATUSES), z.array(z.enum(BATCH_STATUSES))], { message: `One or more of ${BATCH_STATUSES.join(', ')}.` })
    .optional(),
  siteId: id('site').optional(),
  /** Part of the batch number or product name, any case; `%` and `_` match themselves. */
  q: z.string().trim().max(200, 'At most 200 characters.').optional(),
  /**
   * `created` (the default), `updated`, `number` (batch number), `product` (product name, any case), `status` (in
   * lifecycle order: planned first) or `expires`.
   */
  sort: z.enum(BATCH_SORTS, { message: `Use ${BATCH_SORTS.join(', ')}.` }).default('created'),
  /** `asc` or `desc`; left out: newest first for `created` and `updated`, A–Z (earliest first) for the others. */
  dir: sortDirSchema.optional(),
});

export const transitionSchema = z
  .strictObject({
    to: z.enum(BATCH_STATUSES, { message: `One of ${BATCH_STATUSES.join(', ')}.` }),
    reason: reason.optional(),
    signature: signatureInputSchema.optional(),
  })
  .meta({ examples: [{ to: 'released', signature: { password: 'correct horse battery staple', meaning: 'released' } }] });
export type TransitionInput = z.infer<typeof transitionSchema>;

const batchFields = {
  id: z.uuid(),
  batchNumber: z.string(),
  productName: z.string(),
  gtin: z.string().nullable(),
  siteId: z.uuid(),
  site: z.object({ id: z.uuid(), code: z.string(), name: z.string() }),
  plannedQuantity: z.int(),
  expiresOn: outputDate(),
  status: z.enum(BATCH_STATUSES),
  createdAt: outputDateTime(),
  updatedAt: outputDateTime(),
  signatures: z.array(signatureSchema),
};
const exampleBatch = {
  id: EXAMPLE_IDS.batch,
  batchNumber: EXAMPLE_BATCH_NUMBER,
  productName: 'Amoxicillin 500 mg capsules',
  gtin: EXAMPLE_GTIN,
  siteId: EXAMPLE_IDS.site,
  site: { id: EXAMPLE_IDS.site, code: 'BER-01', name: 'Berlin Fill & Finish' },
  plannedQuantity: 120000,
  expiresOn: '2028-06-30',
  status: BATCH_STATUSES[0],
  createdAt: EXAMPLE_TIMES.created,
  updatedAt: EXAMPLE_TIMES.created,
  signatures: [],
};
export const batchSchema = z.object(batchFields).meta({ id: 'Batch', examples: [exampleBatch] });
export type BatchView = z.infer<typeof batchSchema>;

export const batchHistoryEntrySchema = z
  .object({
    id: z.uuid(),
    from: z.enum(BATCH_STATUSES).nullable(),
    to: z.enum(BATCH_STATUSES),
    reason: z.string().nullable(),
    actor: z.object({ id: z.uuid().nullable(), name: z.string() }),
    signatureId: z.uuid().nullable(),
    occurredAt: outputDateTime(),
  })
  .meta({ id: 'BatchStatusChange' });
export const batchDetailSchema = z.object({ ...batchFields, history: z.array(batchHistoryEntrySchema) }).meta({
  id: 'BatchDetail',
  examples: [
    {
      ...exampleBatch,
      history: [
        {
          id: EXAMPLE_IDS.statusChange,
          from: null,
          to: BATCH_STATUSES[0],
          reason: null,
          actor: EXAMPLE_PERSON,
          signatureId: null,
          occurredAt: EXAMPLE_TIMES.created,
        },
      ],
    },
  ],
});
export type BatchDetailView = z.infer<typeof batchDetailSchema>;
export const batchListSchema = z
  .object({ data: z.array(batchSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'BatchPage', examples: [{ data: [exampleBatch], nextCursor: EXAMPLE_CURSOR }] });

export const releaseBlockerSchema = z
  .object({
    code: z.enum(['wrong_status', 'release_inspection_missing', 'release_inspection_failed', 'inspection_awaiting_review']),
    message: z.string(),
    inspectionId: z.uuid().optional(),
  })
  .meta({ id: 'ReleaseBlocker' });
export type ReleaseBlocker = z.infer<typeof releaseBlockerSchema>;
/** What ties the caller to the batch (segregation of duties: they may not release or reject it). */
export const involvementSchema = z
  .object({
    kind: z.enum(['created', 'corrected', 'moved', 'performed_inspection', 'reviewed_inspection']),
    description: z.string(),
  })
  .meta({ id: 'Involvement' });
export const releaseCheckSchema = z
  .object({ ready: z.boolean(), blockers: z.array(releaseBlockerSchema), involvement: z.array(involvementSchema) })
  .meta({
    id: 'ReleaseCheck',
    examples: [
      {
        ready: false,
        blockers: [{ code: 'release_inspection_missing', message: 'No approved release inspection has passed.' }],
        involvement: [{ kind: 'created', description: 'You created this batch.' }],
      },
    ],
  });

// ── Inspections ──────────────────────────────────────────────────────────────────────────────────────

const finite = (what: string) => z.number({ message: `${what}: a number.` }).refine(Number.isFinite, `${what}: a finite number.`);
const count = z.int('A whole number.').min(0, 'At least 0.').max(1_000_000_000);

export const characteristicSchema = z
  .strictObject({
    name: z.string({ message: 'Name the characteristic.' }).trim().min(1, 'Name the characteristic.').max(200, 'At most 200 characters.'),
    unit: z.string().trim().max(40, 'At most 40 characters.').nullable().optional(),
    lsl: finite('Lower limit').nullable().optional(),
    usl: finite('Upper limit').nullable().optional(),
    value: finite('Value'),
  })
  .superRefine((c, issue) => {
    if (c.lsl != null && c.usl != null && c.lsl > c.usl) {
      issue.addIssue({ code: 'custom', path: ['usl'], message: 'The upper limit is below the lower limit.' });
    }
  });

export const recordInspectionSchema = z
  .strictObject({
    type: z.enum(INSPECTION_TYPES, { message: `One of ${INSPECTION_TYPES.join(', ')}.` }),
    lotSize: z.int('A whole number.').min(2, 'At least 2.').max(1_000_000_000).optional(),
    sampleSize: z.int('A whole number.').min(1, 'At least 1.').max(1_000_000_000),
    characteristics: z.array(characteristicSchema, { message: 'A list of characteristics.' }).max(200, 'At most 200.'),
    defects: z.strictObject({ critical: count, major: count, minor: count }).optional(),
    retestOf: id('inspection').optional(),
  })
  .superRefine((i, issue) => {
    if (i.lotSize !== undefined && i.sampleSize > i.lotSize) {
      issue.addIssue({ code: 'custom', path: ['sampleSize'], message: 'The sample cannot be larger than the lot.' });
    }
    if (i.characteristics.length === 0 && i.defects === undefined) {
      issue.addIssue({ code: 'custom', path: ['characteristics'], message: 'Record at least one characteristic or the defect counts.' });
    }
  })
  .meta({
    examples: [
      {
        type: 'release',
        lotSize: 120000,
        sampleSize: 315,
        characteristics: [{ name: 'Assay (amoxicillin)', unit: '%', lsl: 95, usl: 105, value: 99.2 }],
        defects: { critical: 0, major: 0, minor: 1 },
      },
    ],
  });
export type RecordInspectionInput = z.infer<typeof recordInspectionSchema>;

export const reviewInspectionSchema = z
  .strictObject({
    decision: z.enum(['approve', 'reject'], { message: 'approve or reject.' }),
    reason: reason.optional(),
    signature: signatureInputSchema,
  })
  .meta({ examples: [{ decision: 'approve', signature: { password: 'correct horse battery staple', meaning: 'approved' } }] });

const inspectionFields = z.object({
  id: z.uuid(),
  batchId: z.uuid(),
  type: z.enum(INSPECTION_TYPES),
  lotSize: z.int().nullable(),
  sampleSize: z.int(),
  characteristics: z.array(
    z.object({
      name: z.string(),
      unit: z.string().nullable(),
      lsl: z.number().nullable(),
      usl: z.number().nullable(),
      value: z.number(),
      /** Within its limits (no limit given: within). */
      conforms: z.boolean(),
    }),
  ),
  defects: z.object({ critical: z.int(), major: z.int(), minor: z.int() }),
  result: z.enum(['pass', 'fail']),
  status: z.enum(INSPECTION_STATUSES),
  performedBy: z.object({ id: z.uuid(), name: z.string() }),
  performedAt: outputDateTime(),
  reviewedBy: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  reviewedAt: outputDateTime().nullable(),
  reviewReason: z.string().nullable(),
  retestOf: z.uuid().nullable(),
  retestedBy: z.array(z.uuid()),
  signatures: z.array(signatureSchema),
});
const exampleInspection = {
  id: EXAMPLE_IDS.inspection,
  batchId: EXAMPLE_IDS.batch,
  type: 'release' as const,
  lotSize: 120000,
  sampleSize: 315,
  characteristics: [{ name: 'Assay (amoxicillin)', unit: '%', lsl: 95, usl: 105, value: 99.2, conforms: true }],
  defects: { critical: 0, major: 0, minor: 1 },
  result: 'pass' as const,
  status: 'approved' as const,
  performedBy: EXAMPLE_PERSON,
  performedAt: EXAMPLE_TIMES.updated,
  reviewedBy: EXAMPLE_REVIEWER,
  reviewedAt: EXAMPLE_TIMES.signed,
  reviewReason: null,
  retestOf: null,
  retestedBy: [],
  signatures: [exampleSignature],
};
export const inspectionSchema = inspectionFields.meta({ id: 'Inspection', examples: [exampleInspection] });
export type InspectionView = z.infer<typeof inspectionSchema>;
export const inspectionListSchema = z
  .object({ data: z.array(inspectionSchema) })
  .meta({ id: 'InspectionList', examples: [{ data: [exampleInspection] }] });

export const sampleSizeQuerySchema = z.strictObject({
  lotSize: z.coerce.number({ message: 'A whole number.' }).int('A whole number.').min(2, 'At least 2.').max(Number.MAX_SAFE_INTEGER),
});
export const sampleSizeSchema = z
  .object({
    lotSize: z.int(),
    inspectionLevel: z.literal('II'),
    codeLetter: z.string(),
    sampleSize: z.int(),
  })
  .meta({ id: 'SampleSize', examples: [{ lotSize: 120000, inspectionLevel: 'II', codeLetter: 'N', sampleSize: 500 }] });

// ── Notes and attachments (on any record now: lib/records/notes-schemas.ts) ──────────────────────────

export {
  addNoteSchema,
  attachmentListSchema,
  attachmentSchema,
  attachmentUploadQuerySchema,
  listNotesQuerySchema,
  NOTE_MAX_LENGTH,
  noteListSchema,
  noteSchema,
  type AddNoteInput,
  type AttachmentView,
  type NoteView,
} from '@/lib/records/notes-schemas';

// ── Batch record export ──────────────────────────────────────────────────────────────────────────────

export const exportBatchQuerySchema = z.strictObject({
  format: z.enum(['json', 'pdf'], { message: 'json or pdf.' }).default('json'),
});

export const batchHistoryEventSchema = z
  .object({
    id: z.uuid(),
    seq: z.int(),
    occurredAt: outputDateTime(),
    actor: z.object({ type: z.string(), id: z.string().nullable(), name: z.string().nullable() }),
    action: z.string(),
    targetType: z.string(),
    targetId: z.string(),
    before: z.record(z.string(), z.unknown()).nullable(),
    after: z.record(z.string(), z.unknown()).nullable(),
    reason: z.string().nullable(),
    hash: z.string(),
  })
  .meta({ id: 'BatchRecordEvent' });

export const batchExportSchema = z
  .object({
    format: z.literal('custos.batch-record/1'),
    exportedAt: outputDateTime(),
    exportedBy: z.object({ id: z.string(), name: z.string() }),
    tenant: z.object({ slug: z.string(), name: z.string() }),
    /** The batch with its site, status history and signatures (each with `valid`). */
    batch: batchDetailSchema,
    /** SHA-256 of the batch record's canonical form as it stands now (what a new signature would sign). */
    recordHash: z.string(),
    /** Its inspections with their signatures, retests included (needs inspections.read, else empty and named in `omitted`). */
    inspections: z.array(inspectionSchema.extend({ recordHash: z.string() })),
    notes: z.array(noteSchema),
    attachments: z.array(attachmentSchema),
    /** The audit events about the batch and its inspections, oldest first. */
    history: z.array(batchHistoryEventSchema),
    /** Parts left out because the member may not read them (`inspections`). */
    omitted: z.array(z.string()),
  })
  .meta({ id: 'BatchRecordExport' });
export type BatchExport = z.infer<typeof batchExportSchema>;

// ── Dashboard ────────────────────────────────────────────────────────────────────────────────────────

export const dashboardSchema = z
  .object({
    /** Every lifecycle state with its number of batches (zeros included), in lifecycle order. */
    batchesByStatus: z.array(z.object({ status: z.enum(BATCH_STATUSES), count: z.int() })),
    totalBatches: z.int(),
    /** Submitted inspections waiting for a reviewer; null without inspections.read. */
    awaitingReview: z
      .object({
        count: z.int(),
        oldest: z.array(
          z.object({
            id: z.uuid(),
            type: z.enum(INSPECTION_TYPES),
            result: z.enum(['pass', 'fail']),
            performedBy: z.object({ id: z.uuid(), name: z.string() }),
            performedAt: outputDateTime(),
            batch: z.object({ id: z.uuid(), batchNumber: z.string(), productName: z.string() }),
          }),
        ),
      })
      .nullable(),
    /** The last 12 ISO weeks (UTC), oldest first, ending with the current one; null without inspections.read. */
    passRate: z
      .array(
        z.object({
          /** ISO week, `2026-W49`. */
          week: z.string(),
          /** Its Monday, `YYYY-MM-DD`. */
          weekStart: outputDate(),
          inspections: z.int(),
          passed: z.int(),
          /** passed / inspections, 0–1; null for a week without inspections. */
          rate: z.number().nullable(),
        }),
      )
      .nullable(),
    recentSignatures: z.array(
      z.object({
        id: z.uuid(),
        signer: z.object({ id: z.uuid(), name: z.string() }),
        meaning: z.enum(SIGNATURE_MEANINGS),
        signedAt: outputDateTime(),
        record: z.object({ type: z.enum(['batch', 'inspection']), id: z.uuid() }),
        batch: z.object({ id: z.uuid(), batchNumber: z.string() }),
        /** False when the record changed after it was signed. */
        valid: z.boolean(),
      }),
    ),
  })
  .meta({
    id: 'Dashboard',
    examples: [
      {
        batchesByStatus: BATCH_STATUSES.map((status, i) => ({ status, count: [4, 7, 1, 2, 118, 3, 0][i] ?? 0 })),
        totalBatches: 135,
        awaitingReview: {
          count: 1,
          oldest: [
            {
              id: EXAMPLE_IDS.inspection,
              type: 'release',
              result: 'pass',
              performedBy: EXAMPLE_PERSON,
              performedAt: EXAMPLE_TIMES.updated,
              batch: { id: EXAMPLE_IDS.batch, batchNumber: EXAMPLE_BATCH_NUMBER, productName: 'Amoxicillin 500 mg capsules' },
            },
          ],
        },
        passRate: [{ week: '2026-W03', weekStart: '2026-01-12', inspections: 12, passed: 11, rate: 11 / 12 }],
        recentSignatures: [
          {
            id: EXAMPLE_IDS.signature,
            signer: EXAMPLE_REVIEWER,
            meaning: 'approved',
            signedAt: EXAMPLE_TIMES.signed,
            record: { type: 'inspection', id: EXAMPLE_IDS.inspection },
            batch: { id: EXAMPLE_IDS.batch, batchNumber: EXAMPLE_BATCH_NUMBER },
            valid: true,
          },
        ],
      },
    ],
  });
export type DashboardView = z.infer<typeof dashboardSchema>;
