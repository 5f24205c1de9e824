/** The batch and inspection pages' notes and attachments: the panel of any record (components/records/notes-panel.tsx). */
export { NotesPanel } from '@/components/records/notes-panel';
