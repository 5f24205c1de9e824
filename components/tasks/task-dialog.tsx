'use client';

import * as React from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { api } from '@/components/api-client';
import { placeServerErrors } from '@/components/quality/form';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { FormField } from '@/components/ui/form-field';
import { Input, controlClasses } from '@/components/ui/input';
import { Textarea } from '@/components/ui/textarea';
import { toast } from '@/components/ui/toast';
import type { RecordType } from '@/lib/records/record-ref';
import {
  TASK_DESCRIPTION_MAX,
  TASK_PRIORITIES,
  TASK_PRIORITY_LABEL,
  TASK_STATUS_LABEL,
  TASK_STATUS_MOVES,
  TASK_TITLE_MAX,
} from '@/lib/tasks/policy';
import { assigneesKey, assigneesPath, taskPath, tasksKey, tasksPath, type TaskAssigneeList, type TaskView } from './api';
import { RecordPicker } from './record-picker';
import { taskBody, taskResolver, type TaskFormValues } from './task-form';

/** A record the new task is about, as the record's page names it. */
export type TaskRecordLink = { type: RecordType; id: string; label: string };

export type TaskDialogProps = {
  tenant: string;
  /** null: a new task. */
  task: TaskView | null;
  /** A new task's linked record (from a record's page), shown and sent as is. */
  record?: TaskRecordLink | null;
  /** A new task without `record` (the Tasks page): the kinds of record its picker offers; none, no picker. */
  recordKinds?: readonly RecordType[];
  /** The signed-in person, offered first as "Me". */
  me: { id: string };
  open: boolean;
  onOpenChange: (open: boolean) => void;
};

/**
 * "New task" (title, description, due date, priority, assignee; a record's page adds its record, the Tasks page offers
 * a record picker) or "Edit task" (and its status).
 */
export function TaskDialog(props: TaskDialogProps) {
  return (
    <Dialog open={props.open} onOpenChange={props.onOpenChange}>
      <DialogContent className="max-w-lg">{props.open ? <TaskForm {...props} /> : null}</DialogContent>
    </Dialog>
  );
}

function TaskForm({ tenant, task, record, recordKinds = [], me, onOpenChange }: TaskDialogProps) {
  const editing = task !== null;
  const router = useRouter();
  const queryClient = useQueryClient();
  const [serverError, setServerError] = React.useState<string | null>(null);
  const assignees = useQuery({ queryKey: assigneesKey(tenant), queryFn: () => api<TaskAssigneeList>(assigneesPath(tenant)) });
  const resolver = React.useMemo(() => taskResolver(editing), [editing]);
  const {
    register,
    handleSubmit,
    setError,
    setValue,
    getValues,
    control,
    formState: { errors, isSubmitting },
  } = useForm<TaskFormValues>({
    resolver,
    mode: 'onTouched',
    defaultValues: {
      title: task?.title ?? '',
      description: task?.description ?? '',
      dueOn: task?.dueOn ?? '',
      priority: task?.priority ?? 'normal',
      assigneeId: task ? (task.assignee?.id ?? '') : me.id,
      status: task?.status ?? 'open',
      recordType: '',
      recordId: '',
    },
  });
  const picking = !editing && !record && recordKinds.length > 0;
  const kind = useWatch({ control, name: 'recordType' });
  // Another kind: the record chosen for the last one no longer applies.
  React.useEffect(() => setValue('recordId', ''), [kind, setValue]);

  // The picker's options arrive after the form: put the chosen person back into the select once they are there.
  React.useEffect(() => {
    if (assignees.data) setValue('assigneeId', getValues('assigneeId'));
  }, [assignees.data, getValues, setValue]);

  const onSubmit = handleSubmit(async (values) => {
    setServerError(null);
    try {
      const body = taskBody(values, { editing });
      const saved = task
        ? await api<TaskView>(taskPath(tenant, task.id), { method: 'PATCH', json: body })
        : await api<TaskView>(tasksPath(tenant), {
            method: 'POST',
            json: record ? { ...body, record: { type: record.type, id: record.id } } : body,
          });
      toast({ tone: 'success', title: task ? 'Task saved' : 'Task created', description: saved.title });
      await queryClient.invalidateQueries({ queryKey: tasksKey(tenant) });
      router.refresh(); // the sidebar's count
      onOpenChange(false);
    } catch (error) {
      setServerError(placeServerErrors(error, setError));
    }
  });

  const people = assignees.data?.data ?? [];
  const current = task?.assignee && !people.some((p) => p.id === task.assignee!.id) ? [task.assignee] : [];
  return (
    <form onSubmit={(event) => void onSubmit(event)} noValidate className="grid gap-4">
      <DialogHeader>
        <DialogTitle>{editing ? 'Edit task' : 'New task'}</DialogTitle>
        <DialogDescription>
          {record ? `About ${record.label}. ` : task?.record?.label ? `About ${task.record.label}. ` : ''}
          {editing ? 'Changes are recorded in the audit trail.' : 'The assignee is emailed unless it is you.'}
        </DialogDescription>
      </DialogHeader>
      {serverError ? <Alert tone="danger" role="alert" title={serverError} /> : null}
      <FormField label="Title" error={errors.title?.message}>
        <Input autoComplete="off" maxLength={TASK_TITLE_MAX} autoFocus {...register('title')} />
      </FormField>
      <FormField label="Description" optional error={errors.description?.message}>
        <Textarea rows={3} maxLength={TASK_DESCRIPTION_MAX} {...register('description')} />
      </FormField>
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField label="Due on" optional error={errors.dueOn?.message}>
          <Input type="date" {...register('dueOn')} />
        </FormField>
        <FormField label="Priority" error={errors.priority?.message}>
          <select className={`${controlClasses} h-8`} {...register('priority')}>
            {TASK_PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {TASK_PRIORITY_LABEL[p]}
              </option>
            ))}
          </select>
        </FormField>
      </div>
      {picking ? (
        <RecordPicker
          tenant={tenant}
          kinds={recordKinds}
          kind={kind}
          kindField={register('recordType')}
          recordField={register('recordId')}
          recordError={errors.recordId?.message}
        />
      ) : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField label="Assignee" optional error={errors.assigneeId?.message}>
          <select className={`${controlClasses} h-8`} disabled={assignees.isPending} {...register('assigneeId')}>
            <option value="">{assignees.isPending ? 'Loading members…' : 'Nobody yet'}</option>
            {[...current, ...people].map((p) => (
              <option key={p.id} value={p.id}>
                {p.id === me.id ? `${p.name} (me)` : p.name}
              </option>
            ))}
          </select>
        </FormField>
        {task ? (
          <FormField label="Status" error={errors.status?.message}>
            <select className={`${controlClasses} h-8`} {...register('status')}>
              {[task.status, ...TASK_STATUS_MOVES[task.status]].map((s) => (
                <option key={s} value={s}>
                  {TASK_STATUS_LABEL[s]}
                </option>
              ))}
            </select>
          </FormField>
        ) : null}
      </div>
      <DialogFooter>
        <DialogClose asChild>
          <Button type="button" disabled={isSubmitting}>
            Cancel
          </Button>
        </DialogClose>
        <Button type="submit" variant="primary" pending={isSubmitting}>
          {editing ? 'Save' : 'Create task'}
        </Button>
      </DialogFooter>
    </form>
  );
}
