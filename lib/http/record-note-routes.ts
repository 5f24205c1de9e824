import { tenantRoute } from '@/lib/http/route';
import { addAttachment, listAttachments } from '@/lib/quality/attachments';
import { addNote, listNotes } from '@/lib/quality/notes';
import { ADD_PERMISSION, READ_PERMISSION } from '@/lib/quality/record-target';
import {
  addNoteSchema,
  attachmentListSchema,
  attachmentSchema,
  attachmentUploadQuerySchema,
  listNotesQuerySchema,
  noteListSchema,
  noteSchema,
  recordIdParamsSchema,
} from '@/lib/quality/schemas';
import { takenUpload, uploadRoute } from './upload-route';

/**
 * The notes and attachments routes of a batch (`/batches/{id}/…`) and of an inspection
 * (`/inspections/{id}/…`): one definition, two record types. The route files export what this returns.
 */

type Kind = 'batch' | 'inspection';
const segment = { batch: 'batches', inspection: 'inspections' } as const;
const tag = { batch: 'Batches', inspection: 'Inspections' } as const;
const binary = { type: 'string', format: 'binary' };

const readNote = (kind: Kind) => `Reading needs \`${READ_PERMISSION[kind]}\`.`;
const addNoteNeeds = (kind: Kind) => `Needs \`${ADD_PERMISSION[kind]}\` (reading needs \`${READ_PERMISSION[kind]}\`).`;

export function noteRoutes(kind: Kind) {
  const path = `/api/v1/tenants/{tenant}/${segment[kind]}/{id}/notes`;
  return {
    GET: tenantRoute(
      {
        method: 'GET',
        path,
        summary: `Notes on ${kind === 'batch' ? 'a batch' : 'an inspection'}, newest first`,
        description: `Comments with their author and time. ${readNote(kind)}${kind === 'batch' ? ' Notes on the batch’s inspections are listed on each inspection.' : ''}`,
        tags: [tag[kind]],
        access: READ_PERMISSION[kind],
        params: recordIdParamsSchema,
        query: listNotesQuerySchema,
        response: noteListSchema,
      },
      async ({ ctx, params, query }) => listNotes(ctx, { type: kind, id: params.id }, query),
    ),
    POST: tenantRoute(
      {
        method: 'POST',
        path,
        summary: `Add a note to ${kind === 'batch' ? 'a batch' : 'an inspection'}`,
        description: `${addNoteNeeds(kind)} \`body\`: 1 to 10,000 characters. Notes are never edited or deleted; audited as \`note.added\`.`,
        tags: [tag[kind]],
        access: ADD_PERMISSION[kind],
        params: recordIdParamsSchema,
        body: addNoteSchema,
        response: noteSchema,
        status: 201,
      },
      async ({ ctx, params, body }) => addNote(ctx, { type: kind, id: params.id }, body),
    ),
  };
}

export function attachmentRoutes(kind: Kind) {
  const path = `/api/v1/tenants/{tenant}/${segment[kind]}/{id}/attachments`;
  return {
    GET: tenantRoute(
      {
        method: 'GET',
        path,
        summary: `Files attached to ${kind === 'batch' ? 'a batch' : 'an inspection'}, newest first`,
        description: `Name, type, size and SHA-256 of each; download with \`GET /api/v1/tenants/{tenant}/attachments/{id}\`. ${readNote(kind)}`,
        tags: [tag[kind]],
        access: READ_PERMISSION[kind],
        params: recordIdParamsSchema,
        query: listNotesQuerySchema,
        response: attachmentListSchema,
      },
      async ({ ctx, params, query }) => listAttachments(ctx, { type: kind, id: params.id }, query),
    ),
    POST: uploadRoute(
      tenantRoute(
        {
          method: 'POST',
          path,
          summary: `Attach a file to ${kind === 'batch' ? 'a batch' : 'an inspection'}`,
          description:
            `${addNoteNeeds(kind)} Send the file as the raw body (name it with \`?fileName=\`), or as the field \`file\` of a ` +
            'multipart/form-data body. A PDF, or a PNG, JPEG or WebP image, up to 10 MiB: the type is read from the bytes, not from ' +
            'the name or Content-Type. An empty file or another type is 400 `validation_failed` naming `file`; over 10 MiB is 413 ' +
            '`payload_too_large`. Attachments are never changed or deleted; audited as `attachment.added` (name, type, size, SHA-256). ' +
            'Uploads do not replay by Idempotency-Key.',
          tags: [tag[kind]],
          access: ADD_PERMISSION[kind],
          params: recordIdParamsSchema,
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
          response: attachmentSchema,
          status: 201,
        },
        async ({ ctx, params, request }) => addAttachment(ctx, { type: kind, id: params.id }, takenUpload(request)),
      ),
    ),
  };
}
