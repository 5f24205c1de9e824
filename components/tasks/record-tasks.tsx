'use client';

import * as React from 'react';
import { useQuery } from '@tanstack/react-query';
import { Plus } from 'lucide-react';
import { api } from '@/components/api-client';
import { Button } from '@/components/ui/button';
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import type { RecordType } from '@/lib/records/record-ref';
import { recordTasksKey, tasksPath, type TaskPage } from './api';
import { TaskDue, TaskPriorityBadge, TaskStatusControl } from './task-bits';
import { TaskDialog } from './task-dialog';

/**
 * A record's page (a batch, a member …): the tasks about it, each with its status (changed in place by those who
 * may), due date and assignee, and "Add task" prefilled with the record. Shown to those who may read the record.
 */
export function RecordTasks({
  tenant,
  record,
  me,
}: {
  tenant: string;
  record: { type: RecordType; id: string; label: string };
  me: { id: string };
}) {
  const [adding, setAdding] = React.useState(false);
  const tasks = useQuery({
    queryKey: recordTasksKey(tenant, record.type, record.id),
    queryFn: () =>
      api<TaskPage>(`${tasksPath(tenant)}?${new URLSearchParams({ record: `${record.type}:${record.id}`, sort: 'due', limit: '50' })}`),
  });
  const rows = tasks.data?.data ?? [];
  const headingId = React.useId();
  return (
    <Card data-testid="record-tasks">
      <CardHeader>
        <CardTitle id={headingId}>Tasks</CardTitle>
        <CardDescription>To-dos about {record.label}.</CardDescription>
        <CardAction>
          <Button size="sm" onClick={() => setAdding(true)}>
            <Plus aria-hidden="true" />
            Add task
          </Button>
        </CardAction>
      </CardHeader>
      <CardContent>
        {tasks.isPending ? (
          <p className="text-sm text-muted-foreground">Loading tasks…</p>
        ) : tasks.isError ? (
          <p className="text-sm text-danger">
            The tasks could not be loaded.{' '}
            <button type="button" className="underline" onClick={() => void tasks.refetch()}>
              Try again
            </button>
          </p>
        ) : rows.length === 0 ? (
          <p className="text-sm text-muted-foreground">No tasks yet. Add one to ask someone to follow up on this record.</p>
        ) : (
          <ul aria-labelledby={headingId} className="divide-y divide-border">
            {rows.map((task) => (
              <li key={task.id} className="flex flex-col gap-1.5 py-2.5 sm:flex-row sm:items-center sm:gap-3" data-testid="record-task">
                <div className="min-w-0 flex-1">
                  <div className="text-sm font-medium break-words">{task.title}</div>
                  <div className="text-xs text-muted-foreground">{task.assignee ? task.assignee.name : 'Nobody assigned'}</div>
                </div>
                <div className="flex flex-wrap items-center gap-2 text-sm">
                  <TaskDue task={task} />
                  <TaskPriorityBadge priority={task.priority} />
                  <TaskStatusControl tenant={tenant} task={task} />
                </div>
              </li>
            ))}
          </ul>
        )}
      </CardContent>
      <TaskDialog tenant={tenant} task={null} record={record} me={me} open={adding} onOpenChange={setAdding} />
    </Card>
  );
}
