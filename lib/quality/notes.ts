/** Notes on batches and inspections are notes on any record now: lib/records/notes.ts. */
export { addNote, listNotes, noteView } from '@/lib/records/notes';
