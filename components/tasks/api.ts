import type { RecordType } from '@/lib/records/record-ref';
import type { RecordOptionList } from '@/lib/records/record-search-schemas';
import type { TaskAssigneeList, TaskPage, TaskView } from '@/lib/tasks/schemas';

/**
 * Query keys, paths and list filters of the tasks pages (`/t/{tenant}/tasks`, and the "Tasks" card of a record's
 * page). The page's server prefetch and the panels use exactly these keys; every task key sits under `tasksKey`, so a
 * change anywhere refreshes every task list of the tenant.
 */
export type { RecordOptionList, TaskAssigneeList, TaskPage, TaskView };

export type TaskListFilters = {
  /** `mine` (the default: assigned to me) or `all`. */
  view: 'mine' | 'all';
  /** One status, or '' for the default (open and in progress) and 'any' for every status. */
  status: '' | 'any' | TaskView['status'];
  overdue: boolean;
};

export const TASK_VIEWS = ['mine', 'all'] as const;
export const STATUS_FILTERS = ['', 'any', 'open', 'in_progress', 'done', 'cancelled'] as const;

export const tasksKey = (tenant: string) => ['tenant', tenant, 'tasks'] as const;
export const taskListKey = (tenant: string, filters: TaskListFilters) => [...tasksKey(tenant), 'list', filters] as const;
export const recordTasksKey = (tenant: string, type: RecordType, id: string) => [...tasksKey(tenant), 'record', type, id] as const;
export const assigneesKey = (tenant: string) => [...tasksKey(tenant), 'assignees'] as const;

export const tasksPath = (tenant: string) => `/api/v1/tenants/${encodeURIComponent(tenant)}/tasks`;
export const taskPath = (tenant: string, id: string) => `${tasksPath(tenant)}/${encodeURIComponent(id)}`;
export const assigneesPath = (tenant: string) => `${tasksPath(tenant)}/assignees`;
/** The record picker's search: records of one kind whose number, name or email contains `q`. */
export const recordSearchKey = (tenant: string, type: RecordType, q: string) => ['tenant', tenant, 'records', type, q] as const;
export const recordSearchPath = (tenant: string, type: RecordType, q: string) =>
  `/api/v1/tenants/${encodeURIComponent(tenant)}/records?${new URLSearchParams(q ? { type, q } : { type })}`;

export const TASK_PAGE_SIZE = 50;

const one = <T extends string>(value: string | string[] | null | undefined, allowed: readonly T[], fallback: T): T => {
  const v = Array.isArray(value) ? value[0] : value;
  return v !== null && v !== undefined && (allowed as readonly string[]).includes(v) ? (v as T) : fallback;
};

/** The list's filters from the URL (`?view=all&status=done&overdue=1`); anything else falls back to the default. */
export function readTaskFilters(params: URLSearchParams | Record<string, string | string[] | undefined>): TaskListFilters {
  const get = (name: string) => (params instanceof URLSearchParams ? params.get(name) : params[name]);
  const overdue = get('overdue');
  return {
    view: one(get('view'), TASK_VIEWS, 'mine'),
    status: one(get('status'), STATUS_FILTERS, ''),
    overdue: (Array.isArray(overdue) ? overdue[0] : overdue) === '1',
  };
}

/** The API query of a filtered list page (`GET …/tasks`), due soonest first. */
export function taskListQuery(filters: TaskListFilters, cursor?: string | null): URLSearchParams {
  const qs = new URLSearchParams({ sort: 'due', limit: String(TASK_PAGE_SIZE) });
  if (filters.view === 'mine') qs.set('assignee', 'me');
  if (filters.status === '') {
    qs.append('status', 'open');
    qs.append('status', 'in_progress');
  } else if (filters.status !== 'any') qs.set('status', filters.status);
  if (filters.overdue) qs.set('overdue', 'true');
  if (cursor) qs.set('cursor', cursor);
  return qs;
}

/** The same query as the domain function's input (the page's server prefetch). */
export function taskListInput(filters: TaskListFilters) {
  const qs = taskListQuery(filters);
  const status = qs.getAll('status') as TaskView['status'][];
  return {
    sort: 'due' as const,
    limit: TASK_PAGE_SIZE,
    ...(qs.get('assignee') ? { assignee: 'me' as const } : {}),
    ...(status.length ? { status } : {}),
    ...(filters.overdue ? { overdue: 'true' as const } : {}),
  };
}
