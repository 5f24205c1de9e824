import type { z } from 'zod';
import { tenantRoute } from '@/lib/http/route';
import { addAttachment, listAttachments } from '@/lib/records/attachments';
import { addNote, editNote, listNotes, noteVersions } from '@/lib/records/notes';
import {
  addNoteSchema,
  attachmentListSchema,
  attachmentSchema,
  attachmentUploadQuerySchema,
  editNoteSchema,
  listNotesQuerySchema,
  noteIdParamsSchema,
  noteListSchema,
  noteSchema,
  noteVersionListSchema,
  recordIdParamsSchema,
  systemSlugRecordParamsSchema,
} from '@/lib/records/notes-schemas';
import { RECORD_PERMISSIONS, type RecordType } from '@/lib/records/record-ref';
import { takenUpload, uploadRoute } from './upload-route';

/**
 * The notes and attachments routes of every record type (`/{records}/{id}/notes`, `/{records}/{id}/attachments`;
 * a system by its slug), plus `notes/{noteId}` (edit) and `notes/{noteId}/versions`: one definition, each route file
 * exports what this returns.
 */

type RecordShape = { segment: string; param: 'id' | 'slug'; tag: string; a: string };
const RECORDS: Record<RecordType, RecordShape> = {
  batch: { segment: 'batches', param: 'id', tag: 'Batches', a: 'a batch' },
  inspection: { segment: 'inspections', param: 'id', tag: 'Inspections', a: 'an inspection' },
  site: { segment: 'sites', param: 'id', tag: 'Sites', a: 'a site' },
  member: { segment: 'members', param: 'id', tag: 'Members', a: 'a member' },
  system: { segment: 'systems', param: 'slug', tag: 'Systems', a: 'a system' },
  team: { segment: 'teams', param: 'id', tag: 'Teams', a: 'a team' },
  access_review: { segment: 'access-reviews', param: 'id', tag: 'Access reviews', a: 'an access review' },
};
const binary = { type: 'string', format: 'binary' };

const pathOf = (type: RecordType, what: 'notes' | 'attachments') =>
  `/api/v1/tenants/{tenant}/${RECORDS[type].segment}/{${RECORDS[type].param}}/${what}`;
const reads = (type: RecordType) => `Reading needs \`${RECORD_PERMISSIONS[type].read}\`.`;
const adds = (type: RecordType) => `Needs \`${RECORD_PERMISSIONS[type].add}\` (reading needs \`${RECORD_PERMISSIONS[type].read}\`).`;
const paramsOf = (type: RecordType) => (RECORDS[type].param === 'slug' ? systemSlugRecordParamsSchema : recordIdParamsSchema);
const refOf = (type: RecordType, params: z.infer<typeof recordIdParamsSchema> | z.infer<typeof systemSlugRecordParamsSchema>) => ({
  type,
  id: 'slug' in params ? params.slug : params.id,
});

export function noteRoutes(type: RecordType) {
  const { tag, a } = RECORDS[type];
  const path = pathOf(type, 'notes');
  return {
    GET: tenantRoute(
      {
        method: 'GET',
        path,
        summary: `Notes on ${a}, newest first`,
        description:
          `Comments with their priority, author and time, each as it stands (its latest version; \`edited\` when it has ` +
          `older ones, read them at \`GET /api/v1/tenants/{tenant}/notes/{noteId}/versions\`). ${reads(type)}` +
          (type === 'batch' ? ' Notes on the batch’s inspections are listed on each inspection.' : ''),
        tags: [tag],
        access: RECORD_PERMISSIONS[type].read,
        params: paramsOf(type),
        query: listNotesQuerySchema,
        response: noteListSchema,
      },
      async ({ ctx, params, query }) => listNotes(ctx, refOf(type, params), query),
    ),
    POST: tenantRoute(
      {
        method: 'POST',
        path,
        summary: `Add a note to ${a}`,
        description:
          `${adds(type)} \`body\`: 1 to 10,000 characters; \`priority\`: low, normal (the default) or high. ` +
          'A note is never overwritten or deleted: an edit (`PATCH notes/{noteId}`) adds a version. Audited as `note.added`.',
        tags: [tag],
        access: RECORD_PERMISSIONS[type].add,
        params: paramsOf(type),
        body: addNoteSchema,
        response: noteSchema,
        status: 201,
      },
      async ({ ctx, params, body }) => addNote(ctx, refOf(type, params), body),
    ),
  };
}

export function attachmentRoutes(type: RecordType) {
  const { tag, a } = RECORDS[type];
  const path = pathOf(type, 'attachments');
  return {
    GET: tenantRoute(
      {
        method: 'GET',
        path,
        summary: `Files attached to ${a}, newest first`,
        description:
          'The latest version of each file name, with its older versions in `previousVersions`: name, version, type, size ' +
          `and SHA-256 of each; download any version with \`GET /api/v1/tenants/{tenant}/attachments/{id}\`. ${reads(type)}`,
        tags: [tag],
        access: RECORD_PERMISSIONS[type].read,
        params: paramsOf(type),
        query: listNotesQuerySchema,
        response: attachmentListSchema,
      },
      async ({ ctx, params, query }) => listAttachments(ctx, refOf(type, params), query),
    ),
    POST: uploadRoute(
      tenantRoute(
        {
          method: 'POST',
          path,
          summary: `Attach a file to ${a}`,
          description:
            `${adds(type)} Send the file as the raw body (name it with \`?fileName=\`), or as the field \`file\` of a ` +
            'multipart/form-data body. A PDF, or a PNG, JPEG or WebP image, up to 10 MiB: the type is read from the bytes, not from ' +
            'the name or Content-Type. An empty file or another type is 400 `validation_failed` naming `file`; over 10 MiB is 413 ' +
            '`payload_too_large`. A file under a name the record already has becomes that name’s next version (the older ones ' +
            'stay, each downloadable). Attachments are never changed or deleted; audited as `attachment.added` (name, version, ' +
            'type, size, SHA-256). Uploads do not replay by Idempotency-Key.',
          tags: [tag],
          access: RECORD_PERMISSIONS[type].add,
          params: paramsOf(type),
          query: attachmentUploadQuerySchema,
          rawBody: {
            description: 'A PDF, PNG, JPEG or WebP file of at most 10 MiB',
            content: {
              'application/pdf': { schema: binary },
              'image/png': { schema: binary },
              'image/jpeg': { schema: binary },
              'image/webp': { schema: binary },
              'multipart/form-data': { schema: { type: 'object', required: ['file'], properties: { file: binary } } },
            },
          },
          idempotent: false,
          errors: ['conflict'],
          response: attachmentSchema,
          status: 201,
        },
        async ({ ctx, params, request }) => addAttachment(ctx, refOf(type, params), takenUpload(request)),
      ),
    ),
  };
}

const whoEdits =
  'The author of the note, or anyone holding the add permission of its record (`batches.update` for a batch, ' +
  '`members.update` for a member …), may edit it; reading the record is needed either way.';

export const editNoteRoute = tenantRoute(
  {
    method: 'PATCH',
    path: '/api/v1/tenants/{tenant}/notes/{noteId}',
    summary: 'Edit a note (adds its next version)',
    description:
      `${whoEdits} \`body\` is the new text; \`priority\` is kept when left out. The note is never overwritten: the edit is ` +
      'stored as its next version (same id, `version` + 1, the editor and time), and the older versions stay readable at ' +
      '`GET notes/{noteId}/versions`. Two edits at the same moment: the second is 409 `conflict`. Audited as `note.edited`.',
    tags: ['Notes'],
    access: 'member',
    params: noteIdParamsSchema,
    body: editNoteSchema,
    errors: ['conflict'],
    response: noteSchema,
  },
  async ({ ctx, params, body }) => editNote(ctx, params.noteId, body),
);

export const noteVersionsRoute = tenantRoute(
  {
    method: 'GET',
    path: '/api/v1/tenants/{tenant}/notes/{noteId}/versions',
    summary: 'Every version of a note, oldest first',
    description: 'Needs the read permission of the note’s record (`batches.read` for a batch, `members.read` for a member …).',
    tags: ['Notes'],
    access: 'member',
    params: noteIdParamsSchema,
    response: noteVersionListSchema,
  },
  async ({ ctx, params }) => noteVersions(ctx, params.noteId),
);
