'use client';

import * as React from 'react';
import { useForm } from 'react-hook-form';
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { History, MessageSquare, Pencil } from 'lucide-react';
import { api } from '@/components/api-client';
import { LocalTime } from '@/components/members/local-time';
import { placeServerErrors } from '@/components/quality/form';
import { Badge, type BadgeTone } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { FormError } from '@/components/ui/form-error';
import { FormField } from '@/components/ui/form-field';
import { controlClasses } from '@/components/ui/input';
import { ListSkeleton, LoadFailed, LoadMore } from '@/components/ui/list-parts';
import { Textarea } from '@/components/ui/textarea';
import { toast } from '@/components/ui/toast';
import { mayEditNote } from '@/lib/records/notes-policy';
import { noteKeys, notePaths, recordWord, type NoteView, type NotesRecord, type Page } from './api';
import { noteResolver, preloadNoteSchemas } from './form';

type Priority = NoteView['priority'];
type NoteFormValues = { body: string; priority: Priority };

const PRIORITY: Record<Priority, { label: string; tone: BadgeTone }> = {
  high: { label: 'High priority', tone: 'danger' },
  normal: { label: 'Normal', tone: 'neutral' },
  low: { label: 'Low priority', tone: 'info' },
};

const addResolver = noteResolver<NoteFormValues>((m) => m.addNoteSchema);
const editResolver = noteResolver<NoteFormValues>((m) => m.editNoteSchema);

function PrioritySelect({ id, ...props }: React.ComponentProps<'select'>) {
  return (
    <select id={id} className={`${controlClasses} h-8 w-auto`} {...props}>
      <option value="low">Low</option>
      <option value="normal">Normal</option>
      <option value="high">High</option>
    </select>
  );
}

/** One note's form: a new note, or an edit of one (which becomes its next version). */
function NoteForm({
  mode,
  initial,
  onSave,
  onCancel,
  what,
}: {
  mode: 'add' | 'edit';
  initial: NoteFormValues;
  onSave: (values: NoteFormValues) => Promise<void>;
  onCancel?: () => void;
  what: string;
}) {
  const [serverError, setServerError] = React.useState<string | null>(null);
  const priorityId = React.useId();
  const {
    register,
    handleSubmit,
    reset,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<NoteFormValues>({
    resolver: mode === 'add' ? addResolver : editResolver,
    mode: 'onSubmit',
    reValidateMode: 'onChange',
    defaultValues: initial,
  });
  const onSubmit = handleSubmit(async (values) => {
    setServerError(null);
    try {
      await onSave(values);
      if (mode === 'add') reset({ body: '', priority: 'normal' });
    } catch (error) {
      setServerError(placeServerErrors(error, setError));
    }
  });
  return (
    <form onSubmit={(event) => void onSubmit(event)} noValidate className="grid gap-2" data-testid={`note-${mode}-form`}>
      <FormError message={serverError} />
      <FormField label={mode === 'add' ? 'Add a note' : 'Edit the note'} error={errors.body?.message}>
        <Textarea rows={3} placeholder={mode === 'add' ? `What should others know about this ${what}?` : undefined} {...register('body')} />
      </FormField>
      <div className="flex flex-wrap items-end justify-between gap-2">
        <div className="grid gap-1">
          <label htmlFor={priorityId} className="text-xs font-medium">
            Priority
          </label>
          <PrioritySelect id={priorityId} aria-invalid={errors.priority ? true : undefined} {...register('priority')} />
          {errors.priority?.message ? <p className="text-xs text-danger">{errors.priority.message}</p> : null}
        </div>
        <div className="flex gap-2">
          {onCancel ? (
            <Button type="button" size="sm" variant="ghost" onClick={onCancel}>
              Cancel
            </Button>
          ) : null}
          <Button type="submit" variant="primary" size="sm" pending={isSubmitting}>
            {mode === 'add' ? <MessageSquare aria-hidden="true" /> : <Pencil aria-hidden="true" />}
            {mode === 'add' ? 'Add note' : 'Save as new version'}
          </Button>
        </div>
      </div>
    </form>
  );
}

/** The note's older versions, oldest first, read on demand. */
function NoteHistory({ tenant, note }: { tenant: string; note: NoteView }) {
  const versions = useQuery({
    queryKey: [...noteKeys.versions(tenant, note.id), note.version],
    queryFn: () => api<{ data: NoteView[] }>(notePaths.versions(tenant, note.id)),
  });
  if (versions.isPending) return <ListSkeleton label="Loading earlier versions" cells={['h-4 w-64']} rows={2} className="p-0" />;
  if (versions.isError) return <LoadFailed title="The earlier versions could not be loaded." query={versions} />;
  const older = versions.data.data.filter((v) => v.version < note.version).reverse();
  return (
    <ol className="grid gap-2 border-l-2 border-border pl-3" aria-label="Earlier versions" data-testid="note-history">
      {older.map((v) => (
        <li key={v.version} className="grid gap-0.5" data-testid="note-version">
          <span className="text-xs text-muted-foreground">
            Version {v.version} · {PRIORITY[v.priority].label} · {v.editedBy?.name ?? v.author.name} ·{' '}
            <LocalTime iso={v.editedAt ?? v.createdAt} />
          </span>
          <p className="text-[13px] break-words whitespace-pre-wrap text-muted-foreground">{v.body}</p>
        </li>
      ))}
    </ol>
  );
}

function NoteItem({
  tenant,
  note,
  editable,
  onEdited,
}: {
  tenant: string;
  note: NoteView;
  editable: boolean;
  onEdited: () => Promise<void>;
}) {
  const [editing, setEditing] = React.useState(false);
  const [showHistory, setShowHistory] = React.useState(false);
  const historyId = React.useId();
  const priority = PRIORITY[note.priority];
  return (
    <li className="grid gap-1.5 rounded-lg border border-border px-3 py-2" data-testid="note">
      <div className="flex flex-wrap items-center justify-between gap-2 text-xs text-muted-foreground">
        <span className="flex min-w-0 flex-wrap items-center gap-2">
          <span className="font-medium text-foreground">{note.author.name}</span>
          <LocalTime iso={note.createdAt} />
          {note.priority !== 'normal' ? (
            <Badge tone={priority.tone} dot>
              {priority.label}
            </Badge>
          ) : null}
        </span>
        <span className="flex items-center gap-1">
          {note.edited ? (
            <Button
              size="sm"
              variant="ghost"
              aria-expanded={showHistory}
              aria-controls={historyId}
              onClick={() => setShowHistory((v) => !v)}
              data-testid="note-history-toggle"
            >
              <History aria-hidden="true" />
              Edited · {showHistory ? 'Hide' : 'Show'} {note.version - 1} earlier {note.version === 2 ? 'version' : 'versions'}
            </Button>
          ) : null}
          {editable && !editing ? (
            <Button size="sm" variant="ghost" onClick={() => setEditing(true)} aria-label={`Edit the note by ${note.author.name}`}>
              <Pencil aria-hidden="true" />
              Edit
            </Button>
          ) : null}
        </span>
      </div>
      {editing ? (
        <NoteForm
          mode="edit"
          what=""
          initial={{ body: note.body, priority: note.priority }}
          onCancel={() => setEditing(false)}
          onSave={async (values) => {
            await api<NoteView>(notePaths.note(tenant, note.id), { method: 'PATCH', json: values });
            toast({ tone: 'success', title: 'Note edited', description: 'The earlier text is kept as a version.' });
            setEditing(false);
            await onEdited();
          }}
        />
      ) : (
        <p className="text-[13px] break-words whitespace-pre-wrap" data-testid="note-body">
          {note.body}
        </p>
      )}
      {note.edited && note.editedAt ? (
        <span className="text-xs text-muted-foreground">
          Last edited by {note.editedBy?.name} · <LocalTime iso={note.editedAt} />
        </span>
      ) : null}
      <div id={historyId}>{showHistory ? <NoteHistory tenant={tenant} note={note} /> : null}</div>
    </li>
  );
}

/** The record's notes as they stand, newest first; a note box for those who may add; edits (new versions) with their history. */
export function NotesCard({
  tenant,
  record,
  canAdd,
  viewerId,
  headingLevel,
}: {
  tenant: string;
  record: NotesRecord;
  canAdd: boolean;
  viewerId: string | null;
  headingLevel: 'h2' | 'h3';
}) {
  const queryClient = useQueryClient();
  const what = recordWord(record.type);
  const notes = useInfiniteQuery({
    queryKey: noteKeys.notes(tenant, record),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      api<Page<NoteView>>(
        `${notePaths.notes(tenant, record)}?${new URLSearchParams({ limit: '20', ...(pageParam ? { cursor: pageParam } : {}) })}`,
      ),
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = notes.data?.pages.flatMap((p) => p.data) ?? [];
  const mayEditAny = canAdd || rows.some((n) => n.author.id === viewerId);
  React.useEffect(() => (mayEditAny ? preloadNoteSchemas() : undefined), [mayEditAny]);
  const refresh = () => queryClient.invalidateQueries({ queryKey: noteKeys.notes(tenant, record) });
  const titleId = `notes-title-${record.type}-${record.id}`;

  return (
    <Card aria-labelledby={titleId} role="region">
      <CardHeader>
        <div className="flex min-w-0 flex-col gap-0.5">
          <CardTitle as={headingLevel} id={titleId}>
            Notes
          </CardTitle>
          <CardDescription>
            Comments on this {what}, newest first. An edit is kept as a new version; the earlier text stays readable.
          </CardDescription>
        </div>
      </CardHeader>
      <CardContent className="grid gap-4">
        {canAdd ? (
          <NoteForm
            mode="add"
            what={what}
            initial={{ body: '', priority: 'normal' }}
            onSave={async (values) => {
              await api<NoteView>(notePaths.notes(tenant, record), { method: 'POST', json: values });
              toast({ tone: 'success', title: 'Note added' });
              await refresh();
            }}
          />
        ) : null}
        {notes.isPending ? (
          <ListSkeleton label="Loading notes" cells={['h-4 w-24', 'h-4 w-64']} rows={3} className="p-0" />
        ) : notes.isError && !notes.data ? (
          <LoadFailed title="The notes could not be loaded." query={notes} />
        ) : rows.length === 0 ? (
          <EmptyState size="compact" headingLevel="h4" icon={<MessageSquare />} title="No notes yet">
            {canAdd ? 'Write the first note above: an observation, a decision, a hand-over.' : `Notes on this ${what} appear here.`}
          </EmptyState>
        ) : (
          <ol className="grid gap-3" aria-label="Notes">
            {rows.map((n) => (
              <NoteItem
                key={`${n.id}-${n.version}`}
                tenant={tenant}
                note={n}
                editable={mayEditNote({ actorId: viewerId, authorId: n.author.id, holdsAdd: canAdd })}
                onEdited={refresh}
              />
            ))}
          </ol>
        )}
        <LoadMore pages={notes} size="sm" label="Older notes" />
      </CardContent>
    </Card>
  );
}
