'use client';

import * as React from 'react';
import { useForm } from 'react-hook-form';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { MessageSquare } from 'lucide-react';
import { LocalTime } from '@/components/members/local-time';
import { FormError } from '@/components/ui/form-error';
import { Button } from '@/components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { FormField } from '@/components/ui/form-field';
import { ListSkeleton, LoadFailed, LoadMore } from '@/components/ui/list-parts';
import { Textarea } from '@/components/ui/textarea';
import { toast } from '@/components/ui/toast';
import { api, keys, paths, type NoteView, type Page, type RecordRef } from './api';
import { bodyResolver, placeServerErrors, preloadQualitySchemas } from './form';

type NoteFormValues = { body: string };
const noteResolver = bodyResolver<NoteFormValues>(
  (m) => m.addNoteSchema,
  (v) => ({ body: v.body }),
);

/** The record's notes, newest first, and a comment box for those who may add. */
export function NotesCard({
  tenant,
  record,
  canAdd,
  what,
  headingLevel,
}: {
  tenant: string;
  record: RecordRef;
  canAdd: boolean;
  what: string;
  headingLevel: 'h2' | 'h3';
}) {
  const queryClient = useQueryClient();
  const notes = useInfiniteQuery({
    queryKey: keys.notes(tenant, record),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      api<Page<NoteView>>(
        `${paths.notes(tenant, record)}?${new URLSearchParams({ limit: '20', ...(pageParam ? { cursor: pageParam } : {}) })}`,
      ),
    getNextPageParam: (last) => last.nextCursor,
  });
  const rows = notes.data?.pages.flatMap((p) => p.data) ?? [];
  const [serverError, setServerError] = React.useState<string | null>(null);
  React.useEffect(() => (canAdd ? preloadQualitySchemas() : undefined), [canAdd]);
  const {
    register,
    handleSubmit,
    reset,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<NoteFormValues>({ resolver: noteResolver, mode: 'onSubmit', reValidateMode: 'onChange', defaultValues: { body: '' } });

  const onSubmit = handleSubmit(async (values) => {
    setServerError(null);
    try {
      await api<NoteView>(paths.notes(tenant, record), { method: 'POST', json: { body: values.body } });
      reset({ body: '' });
      toast({ tone: 'success', title: 'Note added' });
      await queryClient.invalidateQueries({ queryKey: keys.notes(tenant, record) });
    } catch (error) {
      setServerError(placeServerErrors(error, setError));
    }
  });

  return (
    <Card aria-labelledby={`notes-title-${record.id}`} role="region">
      <CardHeader>
        <div className="flex min-w-0 flex-col gap-0.5">
          <CardTitle as={headingLevel} id={`notes-title-${record.id}`}>
            Notes
          </CardTitle>
          <CardDescription>
            Comments on this {what}, newest first. Notes are never edited or deleted: add a new one to correct.
          </CardDescription>
        </div>
      </CardHeader>
      <CardContent className="grid gap-4">
        {canAdd ? (
          <form onSubmit={(event) => void onSubmit(event)} noValidate className="grid gap-2">
            <FormError message={serverError} />
            <FormField label="Add a note" error={errors.body?.message}>
              <Textarea rows={3} placeholder={`What should others know about this ${what}?`} {...register('body')} />
            </FormField>
            <div className="flex justify-end">
              <Button type="submit" variant="primary" size="sm" pending={isSubmitting}>
                <MessageSquare aria-hidden="true" />
                Add note
              </Button>
            </div>
          </form>
        ) : null}
        {notes.isPending ? (
          <ListSkeleton label="Loading notes" cells={['h-4 w-24', 'h-4 w-64']} rows={3} className="p-0" />
        ) : notes.isError && !notes.data ? (
          <LoadFailed title="The notes could not be loaded." query={notes} />
        ) : rows.length === 0 ? (
          <EmptyState size="compact" headingLevel="h4" icon={<MessageSquare />} title="No notes yet">
            {canAdd ? `Write the first note above: a deviation, an observation, a hand-over.` : `Notes on this ${what} appear here.`}
          </EmptyState>
        ) : (
          <ol className="grid gap-3" aria-label="Notes">
            {rows.map((n) => (
              <li key={n.id} className="grid gap-1 rounded-lg border border-border px-3 py-2" data-testid="note">
                <div className="flex flex-wrap items-baseline justify-between gap-2 text-xs text-muted-foreground">
                  <span className="font-medium text-foreground">{n.author.name}</span>
                  <LocalTime iso={n.createdAt} />
                </div>
                <p className="text-[13px] break-words whitespace-pre-wrap">{n.body}</p>
              </li>
            ))}
          </ol>
        )}
        <LoadMore pages={notes} size="sm" label="Older notes" />
      </CardContent>
    </Card>
  );
}
