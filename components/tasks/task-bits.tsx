'use client';

import * as React from 'react';
import Link from 'next/link';
import { useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { AlertTriangle } from 'lucide-react';
import { api, ApiError } from '@/components/api-client';
import { useViewerClock } from '@/components/providers/viewer-clock';
import { Badge, type BadgeTone } from '@/components/ui/badge';
import { controlClasses } from '@/components/ui/input';
import { toast } from '@/components/ui/toast';
import { RECORD_TYPE_NAMES } from '@/lib/records/record-ref';
import { statusMoveLabel, TASK_PRIORITY_LABEL, TASK_STATUS_LABEL, TASK_STATUS_MOVES } from '@/lib/tasks/policy';
import { taskPath, tasksKey, type TaskView } from './api';

const STATUS_TONE: Record<TaskView['status'], BadgeTone> = { open: 'info', in_progress: 'accent', done: 'success', cancelled: 'neutral' };
const PRIORITY_TONE: Record<TaskView['priority'], BadgeTone> = { low: 'neutral', normal: 'neutral', high: 'warning', urgent: 'danger' };

export function TaskStatusBadge({ status }: { status: TaskView['status'] }) {
  return (
    <Badge tone={STATUS_TONE[status]} dot>
      {TASK_STATUS_LABEL[status]}
    </Badge>
  );
}

export function TaskPriorityBadge({ priority }: { priority: TaskView['priority'] }) {
  return <Badge tone={PRIORITY_TONE[priority]}>{TASK_PRIORITY_LABEL[priority]}</Badge>;
}

/** The due date (a calendar day, shown as written, not moved by time zones) and "Overdue" with an icon. */
export function TaskDue({ task }: { task: Pick<TaskView, 'dueOn' | 'overdue'> }) {
  const { locale } = useViewerClock();
  const format = React.useMemo(() => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }), [locale]);
  if (!task.dueOn) return <span className="text-muted-foreground">No due date</span>;
  return (
    <span className="flex flex-wrap items-center gap-1.5">
      <time dateTime={task.dueOn} className="whitespace-nowrap">
        {format.format(new Date(`${task.dueOn}T00:00:00Z`))}
      </time>
      {task.overdue ? (
        <Badge tone="danger" data-testid="overdue-badge">
          <AlertTriangle aria-hidden="true" />
          Overdue
        </Badge>
      ) : null}
    </span>
  );
}

/** The linked record: a link to its page, or its kind alone for someone who may not read it. */
export function TaskRecord({ tenant, record }: { tenant: string; record: TaskView['record'] }) {
  if (!record) return <span className="text-muted-foreground">None</span>;
  if (record.label && record.path) {
    return (
      <Link href={`/t/${tenant}${record.path}`} className="font-medium text-link underline-offset-2 hover:underline">
        {record.label}
      </Link>
    );
  }
  return <span className="text-muted-foreground">A {RECORD_TYPE_NAMES[record.type].toLowerCase()} you cannot see</span>;
}

/** The status, changed in place by those who may edit the task (only the moves the rules allow are offered). */
export function TaskStatusControl({ tenant, task }: { tenant: string; task: TaskView }) {
  const queryClient = useQueryClient();
  const router = useRouter();
  const [pending, setPending] = React.useState(false);
  if (!task.canEdit) return <TaskStatusBadge status={task.status} />;
  const change = async (to: TaskView['status']) => {
    if (to === task.status) return;
    setPending(true);
    try {
      await api<TaskView>(taskPath(tenant, task.id), { method: 'PATCH', json: { status: to } });
      toast({ tone: 'success', title: `${TASK_STATUS_LABEL[to]}: ${task.title}` });
      await queryClient.invalidateQueries({ queryKey: tasksKey(tenant) });
      router.refresh(); // the sidebar's count
    } catch (error) {
      toast({ tone: 'error', title: 'The status was not changed', description: error instanceof ApiError ? error.message : undefined });
    } finally {
      setPending(false);
    }
  };
  return (
    <select
      aria-label={`Status of ${task.title}`}
      className={`${controlClasses} h-7 w-auto py-0 text-xs`}
      value={task.status}
      disabled={pending}
      onChange={(e) => void change(e.target.value as TaskView['status'])}
      data-testid="task-status"
    >
      <option value={task.status}>{TASK_STATUS_LABEL[task.status]}</option>
      {TASK_STATUS_MOVES[task.status].map((s) => (
        <option key={s} value={s}>
          {statusMoveLabel(task.status, s)}
        </option>
      ))}
    </select>
  );
}
