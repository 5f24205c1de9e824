'use client';

import * as React from 'react';
import Link from 'next/link';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { ListTodo, Pencil, Plus } from 'lucide-react';
import { api } from '@/components/api-client';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { DataTable, type DataTableColumn } from '@/components/ui/data-table';
import { EmptyState } from '@/components/ui/empty-state';
import { controlClasses } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { PageHeader } from '@/components/ui/page-header';
import { useListParams } from '@/components/ui/use-list-params';
import type { RecordType } from '@/lib/records/record-ref';
import { TASK_STATUS_LABEL, TASK_STATUSES } from '@/lib/tasks/policy';
import { readTaskFilters, taskListKey, taskListQuery, tasksPath, type TaskPage, type TaskView } from './api';
import { TaskDue, TaskPriorityBadge, TaskRecord, TaskStatusControl } from './task-bits';
import { TaskDialog } from './task-dialog';

function columns(tenant: string, onEdit: (task: TaskView) => void): DataTableColumn<TaskView>[] {
  return [
    {
      id: 'title',
      header: 'Task',
      meta: { primary: true, cellClassName: 'md:max-w-sm' },
      cell: ({ row }) => (
        <>
          <span className="font-medium break-words">{row.original.title}</span>
          {row.original.description ? (
            <div className="line-clamp-2 text-xs font-normal break-words text-muted-foreground">{row.original.description}</div>
          ) : null}
        </>
      ),
    },
    { id: 'status', header: 'Status', cell: ({ row }) => <TaskStatusControl tenant={tenant} task={row.original} /> },
    { id: 'due', header: 'Due', cell: ({ row }) => <TaskDue task={row.original} /> },
    { id: 'priority', header: 'Priority', cell: ({ row }) => <TaskPriorityBadge priority={row.original.priority} /> },
    {
      id: 'assignee',
      header: 'Assignee',
      cell: ({ row }) => row.original.assignee?.name ?? <span className="text-muted-foreground">Nobody</span>,
    },
    { id: 'record', header: 'About', cell: ({ row }) => <TaskRecord tenant={tenant} record={row.original.record} /> },
    {
      id: 'actions',
      header: '',
      meta: { actions: true, label: 'Actions', className: 'text-right' },
      cell: ({ row }) =>
        row.original.canEdit ? (
          <Button size="sm" variant="ghost" onClick={() => onEdit(row.original)} aria-label={`Edit ${row.original.title}`}>
            <Pencil aria-hidden="true" />
            Edit
          </Button>
        ) : null,
    },
  ];
}

/**
 * `/t/{tenant}/tasks`: my tasks (the default) or everyone's, open and in progress unless a status is chosen, overdue
 * only on request; all kept in the URL. Due soonest first, with an overdue badge; the status changes in place; "New
 * task" and "Edit" open the task dialog. The first page arrives with the page (prefetched under `taskListKey`).
 */
export function TasksPanel({
  tenant,
  me,
  recordKinds,
}: {
  tenant: string;
  me: { id: string };
  /** The kinds of record the member may link a new task to (lib/tasks/policy.ts `linkableRecordTypes`). */
  recordKinds: readonly RecordType[];
}) {
  const listParams = useListParams();
  const filters = readTaskFilters(listParams.params);
  const [editing, setEditing] = React.useState<TaskView | null>(null);
  const [creating, setCreating] = React.useState(false);
  const list = useInfiniteQuery({
    queryKey: taskListKey(tenant, filters),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => api<TaskPage>(`${tasksPath(tenant)}?${taskListQuery(filters, pageParam)}`),
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
  const rows = React.useMemo(() => list.data?.pages.flatMap((p) => p.data), [list.data]);
  const cols = React.useMemo(() => columns(tenant, setEditing), [tenant, setEditing]);
  const filtered = filters.status !== '' || filters.overdue;
  const viewHref = (view: 'mine' | 'all') => {
    const next = new URLSearchParams(listParams.params.toString());
    if (view === 'mine') next.delete('view');
    else next.set('view', view);
    const qs = next.toString();
    return `/t/${tenant}/tasks${qs ? `?${qs}` : ''}`;
  };

  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Tasks"
        description="To-dos with a due date, a priority and an assignee, often about a batch, a member or another record."
        actions={
          <Button variant="primary" onClick={() => setCreating(true)}>
            <Plus aria-hidden="true" />
            New task
          </Button>
        }
      />
      <nav aria-label="Whose tasks" className="flex gap-1 border-b border-border">
        {(['mine', 'all'] as const).map((view) => (
          <Link
            key={view}
            href={viewHref(view)}
            replace
            scroll={false}
            aria-current={filters.view === view ? 'page' : undefined}
            className={cn(
              '-mb-px border-b-2 px-3 py-2 text-sm font-medium',
              filters.view === view ? 'border-primary text-foreground' : 'border-transparent text-muted-foreground hover:text-foreground',
            )}
          >
            {view === 'mine' ? 'My tasks' : 'All tasks'}
          </Link>
        ))}
      </nav>
      <DataTable
        label={filters.view === 'mine' ? 'My tasks' : 'All tasks'}
        columns={cols}
        data={rows}
        getRowId={(t) => t.id}
        query={list}
        pages={list}
        loadingLabel="Loading tasks"
        rowTestId="task-row"
        rowProps={(t) => ({ 'data-overdue': t.overdue ? 'true' : undefined })}
        className={cn(list.isPlaceholderData && 'opacity-60 transition-opacity')}
        skeletonRows={5}
        toolbar={
          <div className="flex flex-col gap-2 sm:flex-row sm:items-end">
            <div className="grid gap-1.5 sm:w-52">
              <Label htmlFor="tasks-status">Status</Label>
              <select
                id="tasks-status"
                className={cn(controlClasses, 'h-8')}
                value={filters.status}
                onChange={(e) => listParams.set('status', e.target.value)}
              >
                <option value="">Open and in progress</option>
                <option value="any">Any status</option>
                {TASK_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {TASK_STATUS_LABEL[s]}
                  </option>
                ))}
              </select>
            </div>
            <label className="flex h-8 items-center gap-2 text-sm">
              <input
                type="checkbox"
                className="size-4 accent-primary"
                checked={filters.overdue}
                onChange={(e) => listParams.set('overdue', e.target.checked ? '1' : '')}
              />
              Overdue only
            </label>
            {filtered ? (
              <Button variant="ghost" size="sm" onClick={() => listParams.setMany({ status: '', overdue: '' })}>
                Clear filters
              </Button>
            ) : null}
          </div>
        }
        empty={
          <EmptyState
            icon={<ListTodo />}
            title={filtered ? 'No task matches' : filters.view === 'mine' ? 'Nothing on your list' : 'No open tasks'}
            action={
              filtered ? (
                <Button size="sm" onClick={() => listParams.setMany({ status: '', overdue: '' })}>
                  Clear filters
                </Button>
              ) : (
                <Button size="sm" onClick={() => setCreating(true)}>
                  <Plus aria-hidden="true" />
                  New task
                </Button>
              )
            }
          >
            {filtered
              ? 'Try another status, or clear the filters.'
              : filters.view === 'mine'
                ? 'Tasks assigned to you appear here. Create one, or add one from a batch’s or a member’s page.'
                : 'Create a task, or add one from a batch’s or a member’s page.'}
          </EmptyState>
        }
      />
      <TaskDialog tenant={tenant} task={null} me={me} recordKinds={recordKinds} open={creating} onOpenChange={setCreating} />
      <TaskDialog
        tenant={tenant}
        task={editing}
        me={me}
        open={editing !== null}
        onOpenChange={(open) => (open ? undefined : setEditing(null))}
      />
    </div>
  );
}
