/**
 * Who may edit a note (issue 21): its author, or anyone holding the record's add permission (the permission that
 * lets them add notes to that record, RECORD_PERMISSIONS[type].add). Reading the record is needed either way.
 * Pure: the server (lib/records/notes.ts editNote) and the console's NotesPanel decide with the same function.
 */
export type NoteEditFacts = {
  /** The acting person's user id (an API key acts for its creator); null for the system. */
  actorId: string | null;
  /** The note's author (first version). */
  authorId: string;
  /** Whether the actor holds the record's add permission. */
  holdsAdd: boolean;
};

export function mayEditNote(facts: NoteEditFacts): boolean {
  return facts.holdsAdd || (facts.actorId !== null && facts.actorId === facts.authorId);
}

/** Why an edit is refused, in plain words (null when allowed). */
export function noteEditRefusal(facts: NoteEditFacts, addPermission: string): string | null {
  return mayEditNote(facts) ? null : `Only the note's author, or someone holding ${addPermission} on this record, can edit it.`;
}
