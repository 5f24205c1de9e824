import type { z } from 'zod';
import { and, desc, eq, isNull, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { recordNotes } from '@/db/schema/notes';
import { cursorTime, cursorTimeValue, decodeSortCursor, encodeSortCursor, isCursorTime } from '@/lib/keyset-cursor';
import { recordAudit } from '@/lib/audit/record';
import type { TenantContext } from '@/lib/context';
import { parseInput } from '@/lib/validation';
import { actingPerson } from '@/lib/acting-person';
import { resolveTarget, type RecordTarget, type ResolvedTarget } from './record-target';
import { addNoteSchema, listNotesQuerySchema, type NoteView } from './schemas';

/**
 * Notes on a batch or on one of its inspections: comments with their author and the database's time.
 * A note is never edited or deleted (a correction is a new note). Adding one is audited as `note.added`.
 */

type NoteRow = typeof recordNotes.$inferSelect;

export const noteView = (r: NoteRow): NoteView => ({
  id: r.id,
  batchId: r.batchId,
  inspectionId: r.inspectionId,
  body: r.body,
  author: { id: r.authorId, name: r.authorName },
  createdAt: new Date(r.createdAt).toISOString(),
});

/** Rows about exactly this target: a batch's own (not its inspections'), or one inspection's. */
export const targetCondition = (columns: { batchId: AnyColumn; inspectionId: AnyColumn }, target: ResolvedTarget): SQL =>
  target.inspectionId
    ? eq(columns.inspectionId, target.inspectionId)
    : and(eq(columns.batchId, target.batchId), isNull(columns.inspectionId))!;

/** Notes, newest first, keyset cursor. Reading needs `batches.read` (a batch) or `inspections.read` (an inspection). */
export async function listNotes(
  ctx: TenantContext,
  target: RecordTarget,
  query: z.input<typeof listNotesQuerySchema> = {},
): Promise<{ data: NoteView[]; nextCursor: string | null }> {
  const resolved = await resolveTarget(ctx, target, 'read');
  const { limit, cursor } = parseInput(listNotesQuerySchema, query);
  const conditions: SQL[] = [eq(recordNotes.tenantId, ctx.tenant.id), targetCondition(recordNotes, resolved)];
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

/** Add a note. Needs `batches.update` (a batch) or `inspections.perform` (an inspection); audited as `note.added`. */
export async function addNote(ctx: TenantContext, target: RecordTarget, input: z.input<typeof addNoteSchema>): Promise<NoteView> {
  const resolved = await resolveTarget(ctx, target, 'add');
  const { body } = parseInput(addNoteSchema, input);
  const author = actingPerson(ctx.actor);
  const [row] = await ctx.db
    .insert(recordNotes)
    .values({
      tenantId: ctx.tenant.id,
      batchId: resolved.batchId,
      inspectionId: resolved.inspectionId,
      body,
      authorId: author.id,
      authorName: author.name,
    })
    .returning();
  await recordAudit(ctx, {
    action: 'note.added',
    targetType: target.type,
    targetId: target.id,
    after: { noteId: row.id, body },
  });
  return noteView(row);
}
