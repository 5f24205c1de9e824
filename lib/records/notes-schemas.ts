import { z } from 'zod';
import { NOTE_PRIORITIES } from '@/db/schema/notes';
import { listQuerySchema } from '@/lib/access/role-schemas';
import { EXAMPLE_IDS, EXAMPLE_PERSON, EXAMPLE_SHA256, EXAMPLE_TIMES } from '@/lib/api-examples';
import { outputDateTime } from '@/lib/validation';
import { NOTE_RECORD_TYPES as RECORD_TYPES } from '@/db/schema/notes';

/**
 * Request and response shapes of notes and attachments on any record (lib/records/notes.ts, attachments.ts): used by
 * the routes (and so the OpenAPI document), the console's NotesPanel and the batch record export.
 */

export const NOTE_MAX_LENGTH = 10_000;
export { NOTE_PRIORITIES };
export type { NotePriority } from '@/db/schema/notes';

export const NOTE_PRIORITY_LABELS: Record<(typeof NOTE_PRIORITIES)[number], string> = {
  low: 'Low',
  normal: 'Normal',
  high: 'High',
};

const tenant = z.string().min(1).max(63);

/** `/{records}/{id}/…` with a uuid (batches, inspections, sites, members, teams, access reviews). */
export const recordIdParamsSchema = z.strictObject({ tenant, id: z.uuid('Not a valid id.') });
/** `/systems/{slug}/…`. */
export const systemSlugRecordParamsSchema = z.strictObject({ tenant, slug: z.string().min(1).max(100) });
export const noteIdParamsSchema = z.strictObject({ tenant, noteId: z.uuid('Not a valid note id.') });

const noteBody = z
  .string({ message: 'Write the note.' })
  .trim()
  .min(1, 'Write the note.')
  .max(NOTE_MAX_LENGTH, `At most ${NOTE_MAX_LENGTH.toLocaleString('en')} characters.`);
const priority = z.enum(NOTE_PRIORITIES, { message: 'low, normal or high.' });

export const addNoteSchema = z
  .strictObject({ body: noteBody, priority: priority.default('normal') })
  .meta({ examples: [{ body: 'Line clearance checked before filling; no residues found.', priority: 'normal' }] });
export type AddNoteInput = z.input<typeof addNoteSchema>;

/** An edit: the new text (and priority, kept when left out). It becomes the note's next version. */
export const editNoteSchema = z
  .strictObject({ body: noteBody, priority: priority.optional() })
  .meta({ examples: [{ body: 'Line clearance checked before filling by two operators; no residues found.', priority: 'high' }] });
export type EditNoteInput = z.input<typeof editNoteSchema>;

export const listNotesQuerySchema = listQuerySchema;

export const attachmentUploadQuerySchema = z.strictObject({
  /** The file's name for a raw-body upload (a multipart upload carries its own). */
  fileName: z.string().trim().min(1, 'Name the file.').max(200, 'At most 200 characters.').optional(),
});

const person = z.object({ id: z.uuid(), name: z.string() });
const recordType = z.enum(RECORD_TYPES);

const exampleNote = {
  id: EXAMPLE_IDS.note,
  recordType: 'batch' as const,
  recordId: EXAMPLE_IDS.batch,
  batchId: EXAMPLE_IDS.batch,
  inspectionId: null,
  body: 'Line clearance checked before filling; no residues found.',
  priority: 'normal' as const,
  version: 2,
  author: EXAMPLE_PERSON,
  createdAt: EXAMPLE_TIMES.created,
  edited: true,
  editedBy: EXAMPLE_PERSON,
  editedAt: EXAMPLE_TIMES.updated,
};

/** A note as it stands (its latest version), or one version of it (`GET notes/{noteId}/versions`). */
export const noteSchema = z
  .object({
    /** The note's id, shared by all its versions. */
    id: z.uuid(),
    recordType,
    /** The record's uuid (a system's id, even where its path takes the slug). */
    recordId: z.uuid(),
    /** Set for a note on a batch or on one of its inspections. */
    batchId: z.uuid().nullable(),
    /** Set for a note on an inspection. */
    inspectionId: z.uuid().nullable(),
    body: z.string(),
    priority,
    /** 1 for the note as first written; each edit adds one. */
    version: z.int(),
    /** Who wrote the note, and when (the first version). */
    author: person,
    createdAt: outputDateTime(),
    /** True once the note has been edited (older versions at `notes/{id}/versions`). */
    edited: z.boolean(),
    /** Who made this version, and when; null for the first version. */
    editedBy: person.nullable(),
    editedAt: outputDateTime().nullable(),
  })
  .meta({ id: 'Note', examples: [exampleNote] });
export type NoteView = z.infer<typeof noteSchema>;
export const noteListSchema = z
  .object({ data: z.array(noteSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'NotePage', examples: [{ data: [exampleNote], nextCursor: null }] });
export const noteVersionListSchema = z.object({ data: z.array(noteSchema) }).meta({
  id: 'NoteVersions',
  examples: [{ data: [{ ...exampleNote, version: 1, edited: false, editedBy: null, editedAt: null }, exampleNote] }],
});

const attachmentVersion = z.object({
  id: z.uuid(),
  version: z.int(),
  /** Decided from the bytes: application/pdf, image/png, image/jpeg or image/webp. */
  contentType: z.string(),
  size: z.int(),
  sha256: z.string(),
  uploadedBy: person,
  createdAt: outputDateTime(),
});
const exampleVersion = {
  id: EXAMPLE_IDS.attachment,
  version: 1,
  contentType: 'application/pdf',
  size: 184320,
  sha256: EXAMPLE_SHA256,
  uploadedBy: EXAMPLE_PERSON,
  createdAt: EXAMPLE_TIMES.created,
};
const exampleAttachment = {
  ...exampleVersion,
  recordType: 'batch' as const,
  recordId: EXAMPLE_IDS.batch,
  batchId: EXAMPLE_IDS.batch,
  inspectionId: null,
  fileName: 'certificate-of-analysis.pdf',
  previousVersions: [],
};

/**
 * A file on a record: its latest version, with the older versions of the same name (newest first). Every version
 * downloads by its own id at `GET attachments/{id}`.
 */
export const attachmentSchema = attachmentVersion
  .extend({
    recordType,
    recordId: z.uuid(),
    batchId: z.uuid().nullable(),
    inspectionId: z.uuid().nullable(),
    fileName: z.string(),
    /** Older versions of this file name on the record, newest first (empty in a version's own answer). */
    previousVersions: z.array(attachmentVersion),
  })
  .meta({ id: 'Attachment', examples: [exampleAttachment] });
export type AttachmentView = z.infer<typeof attachmentSchema>;
export type AttachmentVersionView = z.infer<typeof attachmentVersion>;
export const attachmentListSchema = z
  .object({ data: z.array(attachmentSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'AttachmentPage', examples: [{ data: [exampleAttachment], nextCursor: null }] });
