'use client';

import type { FieldErrors, FieldValues, Resolver } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';

type Schemas = typeof import('@/lib/tasks/schemas');
let loading: Promise<Schemas> | null = null;

/** The API's own task schemas (lib/tasks/schemas.ts), loaded on first use, so the form checks exactly as the server. */
export function loadTaskSchemas(): Promise<Schemas> {
  loading ??= import('@/lib/tasks/schemas').catch((error) => {
    loading = null;
    throw error;
  });
  return loading;
}

export type TaskFormValues = {
  title: string;
  description: string;
  dueOn: string;
  priority: string;
  assigneeId: string;
  status: string;
  /** The record picker (a new task on the Tasks page): the kind chosen ('' none) and the record. */
  recordType: string;
  recordId: string;
};

export const CHOOSE_RECORD = 'Choose the record, or set Kind to None.';

/** The form's values as the request body: blank due date and assignee are null (none). */
export function taskBody(values: TaskFormValues, options: { editing: boolean }) {
  return {
    title: values.title.trim(),
    description: values.description.trim(),
    dueOn: values.dueOn || null,
    priority: values.priority,
    assigneeId: values.assigneeId || null,
    ...(options.editing ? { status: values.status } : {}),
    ...(!options.editing && values.recordType ? { record: { type: values.recordType, id: values.recordId } } : {}),
  };
}

/** react-hook-form resolver: the body checked with createTaskSchema or updateTaskSchema, each issue beside its field. */
export function taskResolver(editing: boolean): Resolver<TaskFormValues> {
  return async (values, context, options) => {
    const m = await loadTaskSchemas();
    const schema = editing ? m.updateTaskSchema : m.createTaskSchema;
    const check = zodResolver(schema as never, undefined, { raw: true }) as unknown as Resolver<FieldValues>;
    const result = await check(taskBody(values, { editing }), context, options as never);
    const { record, ...errors } = result.errors as FieldErrors<TaskFormValues> & { record?: unknown };
    // The picker's record: a kind chosen and no record yet reads as the console's words, beside the record select.
    const fieldErrors: FieldErrors<TaskFormValues> =
      record || (!editing && values.recordType && !values.recordId)
        ? { ...errors, recordId: { type: 'required', message: CHOOSE_RECORD } }
        : errors;
    if (Object.keys(fieldErrors).length === 0) return { values, errors: {} };
    return { values: {}, errors: fieldErrors };
  };
}
