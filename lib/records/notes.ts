import type { z } from 'zod';
import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import { recordNotes } from '@/db/schema/notes';
import { hasPermission, requirePermission } from '@/lib/access/require-permission';
import { actingPerson, actingUserId } from '@/lib/acting-person';
import { recordAudit } from '@/lib/audit/record';
import type { TenantContext } from '@/lib/context';
import { forbidden, notFound } from '@/lib/errors';
import { cursorTime, cursorTimeValue, decodeSortCursor, encodeSortCursor, isCursorTime } from '@/lib/keyset-cursor';
import { uniqueOr409 } from '@/lib/unique-or-409';
import { parseInput } from '@/lib/validation';
import { noteEditRefusal } from './notes-policy';
import { addNoteSchema, editNoteSchema, listNotesQuerySchema, type NoteView } from './notes-schemas';
import { RECORD_PERMISSIONS, resolveRecord, type RecordRef, type ResolvedRecord } from './record-ref';

/**
 * Notes on any record (issue 21): comments with a priority, their author and the database's time. A note is never
 * overwritten: an edit inserts its next version (same id, version n+1, the editor and the time), and the list shows
 * each note's latest version; the older ones stay readable (`noteVersions`). Nothing is ever deleted. Reading needs
 * the record's read permission, adding its add permission (lib/records/record-ref.ts RECORD_PERMISSIONS); editing is
 * for the author or a holder of the add permission (lib/records/notes-policy.ts). Audited as `note.added` and
 * `note.edited`, with the record's type and id.
 */

type NoteRow = typeof recordNotes.$inferSelect;

const iso = (value: Date | string) => new Date(value).toISOString();

export const noteView = (r: NoteRow): NoteView => ({
  id: r.id,
  recordType: r.recordType,
  recordId: r.recordId,
  batchId: r.batchId,
  inspectionId: r.inspectionId,
  body: r.body,
  priority: r.priority,
  version: r.version,
  author: { id: r.authorId, name: r.authorName },
  createdAt: iso(r.createdAt),
  edited: r.version > 1,
  editedBy: r.editedBy ? { id: r.editedBy, name: r.editedByName ?? '' } : null,
  editedAt: r.editedAt ? iso(r.editedAt) : null,
});

/** Only each note's latest version: no row of the same note with a higher version exists. */
export const latestNoteVersion = (): SQL =>
  sql`not exists (select 1 from ${recordNotes} as newer where newer.tenant_id = ${recordNotes.tenantId} and newer.id = ${recordNotes.id} and newer.version > ${recordNotes.version})`;

/** Rows about exactly this record (a batch's own notes, not its inspections'). */
const aboutRecord = (record: ResolvedRecord): SQL => and(eq(recordNotes.recordType, record.type), eq(recordNotes.recordId, record.id))!;

/** What a note row names as its record: batch and inspection rows keep their batch (and inspection) keys. */
export function recordColumns(record: ResolvedRecord) {
  return {
    recordType: record.type,
    recordId: record.id,
    batchId: record.type === 'batch' ? record.id : record.type === 'inspection' ? (record.batchId ?? null) : null,
    inspectionId: record.type === 'inspection' ? record.id : null,
  };
}

/** Notes on a record as they stand (latest versions), newest first, keyset cursor. Needs the record's read permission. */
export async function listNotes(
  ctx: TenantContext,
  ref: RecordRef,
  query: z.input<typeof listNotesQuerySchema> = {},
): Promise<{ data: NoteView[]; nextCursor: string | null }> {
  const record = await resolveRecord(ctx, ref, 'read');
  const { limit, cursor } = parseInput(listNotesQuerySchema, query);
  const conditions: SQL[] = [eq(recordNotes.tenantId, ctx.tenant.id), aboutRecord(record), latestNoteVersion()];
  if (cursor) {
    const { key, id } = decodeSortCursor(cursor, 'created', isCursorTime);
    conditions.push(sql`(${recordNotes.createdAt}, ${recordNotes.id}) < (${cursorTimeValue(key)}, ${id}::uuid)`);
  }
  const rows = await ctx.db
    .select({ row: recordNotes, key: cursorTime(recordNotes.createdAt) })
    .from(recordNotes)
    .where(and(...conditions))
    .orderBy(desc(recordNotes.createdAt), desc(recordNotes.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    data: page.map((r) => noteView(r.row)),
    nextCursor: rows.length > limit && last ? encodeSortCursor('created', last.key, last.row.id) : null,
  };
}

/** Add a note (version 1). Needs the record's add permission; audited as `note.added`. */
export async function addNote(ctx: TenantContext, ref: RecordRef, input: z.input<typeof addNoteSchema>): Promise<NoteView> {
  const record = await resolveRecord(ctx, ref, 'add');
  const { body, priority } = parseInput(addNoteSchema, input);
  const author = actingPerson(ctx.actor);
  const [row] = await ctx.db
    .insert(recordNotes)
    .values({ tenantId: ctx.tenant.id, ...recordColumns(record), body, priority, authorId: author.id, authorName: author.name })
    .returning();
  await recordAudit(ctx, {
    action: 'note.added',
    targetType: record.type,
    targetId: record.id,
    after: { noteId: row.id, body, priority },
  });
  return noteView(row);
}

/** A note's latest version in the tenant, or 404. */
async function latestNote(ctx: TenantContext, noteId: string): Promise<NoteRow> {
  const [row] = await ctx.db
    .select()
    .from(recordNotes)
    .where(and(eq(recordNotes.tenantId, ctx.tenant.id), eq(recordNotes.id, noteId)))
    .orderBy(desc(recordNotes.version))
    .limit(1);
  if (!row) throw notFound('note');
  return row;
}

/** The note's record, checked for reading (403 without the read permission; 404 when the note is not the tenant's). */
async function readableNote(ctx: TenantContext, noteId: string): Promise<NoteRow> {
  const row = await latestNote(ctx, noteId);
  requirePermission(ctx, RECORD_PERMISSIONS[row.recordType].read);
  return row;
}

/**
 * Edit a note: insert its next version (the old ones stay). For the author, or a holder of the record's add
 * permission (lib/records/notes-policy.ts); the record's read permission is needed either way. Audited as
 * `note.edited` with the text before and after. Two edits at once: the second is 409 (the version is taken).
 */
export async function editNote(ctx: TenantContext, noteId: string, input: z.input<typeof editNoteSchema>): Promise<NoteView> {
  const current = await readableNote(ctx, noteId);
  const addPermission = RECORD_PERMISSIONS[current.recordType].add;
  const refusal = noteEditRefusal(
    { actorId: actingUserId(ctx.actor), authorId: current.authorId, holdsAdd: hasPermission(ctx, addPermission) },
    addPermission,
  );
  if (refusal) throw forbidden(refusal);
  const { body, priority } = parseInput(editNoteSchema, input);
  const editor = actingPerson(ctx.actor);
  const next = { body, priority: priority ?? current.priority };
  const [row] = await uniqueOr409(
    ctx.db
      .insert(recordNotes)
      .values({
        tenantId: ctx.tenant.id,
        id: current.id,
        version: current.version + 1,
        recordType: current.recordType,
        recordId: current.recordId,
        batchId: current.batchId,
        inspectionId: current.inspectionId,
        body: next.body,
        priority: next.priority,
        authorId: current.authorId,
        authorName: current.authorName,
        createdAt: current.createdAt,
        editedBy: editor.id,
        editedByName: editor.name,
        editedAt: sql`clock_timestamp()`,
      })
      .returning(),
    'Someone else edited this note at the same moment. Reload it and edit again.',
  );
  await recordAudit(ctx, {
    action: 'note.edited',
    targetType: current.recordType,
    targetId: current.recordId,
    before: { version: current.version, body: current.body, priority: current.priority },
    after: { noteId: current.id, version: row.version, ...next },
  });
  return noteView(row);
}

/** Every version of a note, oldest first. Needs the note's record's read permission; another tenant's: 404. */
export async function noteVersions(ctx: TenantContext, noteId: string): Promise<{ data: NoteView[] }> {
  await readableNote(ctx, noteId);
  const rows = await ctx.db
    .select()
    .from(recordNotes)
    .where(and(eq(recordNotes.tenantId, ctx.tenant.id), eq(recordNotes.id, noteId)))
    .orderBy(asc(recordNotes.version));
  return { data: rows.map(noteView) };
}
