'use client';

import type { SerialStatus } from '@/db/schema/serials';
import type { SerialDetail, SerialItem, SerialJobView, SerialSummary } from '@/lib/serials/schemas';

export { ApiError, api } from '@/components/api-client';
export type { SerialDetail, SerialItem, SerialJobView, SerialStatus, SerialSummary };

export type Page<T> = { data: T[]; nextCursor: string | null };

/**
 * What the server hands the Serials tab as data (schemas.ts stays on the server: it imports the database schema and
 * node:crypto): the statuses and the request limits. The lifecycle's moves are lib/serials/policy.ts's, imported
 * directly.
 */
export type SerialRules = {
  statuses: readonly SerialStatus[];
  maxPerJob: number;
  maxPerList: number;
  /** SERIAL_PATTERN's source: 12 characters of 0-9 and A-Z without I, L, O, U. */
  pattern: string;
};

const b = (tenant: string, batchId: string) => `/api/v1/tenants/${encodeURIComponent(tenant)}/batches/${batchId}`;

export const serialPaths = {
  list: (tenant: string, batchId: string) => `${b(tenant, batchId)}/serials`,
  summary: (tenant: string, batchId: string) => `${b(tenant, batchId)}/serials/summary`,
  status: (tenant: string, batchId: string) => `${b(tenant, batchId)}/serials/status`,
  export: (tenant: string, batchId: string, status?: string) => `${b(tenant, batchId)}/serials/export${status ? `?status=${status}` : ''}`,
  jobs: (tenant: string, batchId: string) => `${b(tenant, batchId)}/serial-jobs`,
  job: (tenant: string, jobId: string) => `/api/v1/tenants/${encodeURIComponent(tenant)}/jobs/${jobId}`,
  /** The console's serial page. */
  page: (tenant: string, batchId: string, serial: string) => `/t/${tenant}/batches/${batchId}/serials/${serial}`,
};

/** Query keys: `all` covers everything of one batch's serials (list, summary, latest job). */
export const serialKeys = {
  all: (tenant: string, batchId: string) => ['tenants', tenant, 'serials', batchId] as const,
  list: (tenant: string, batchId: string, status: string) => ['tenants', tenant, 'serials', batchId, 'list', status] as const,
  summary: (tenant: string, batchId: string) => ['tenants', tenant, 'serials', batchId, 'summary'] as const,
  latestJob: (tenant: string, batchId: string) => ['tenants', tenant, 'serials', batchId, 'latest-job'] as const,
  job: (tenant: string, jobId: string) => ['tenants', tenant, 'serial-job', jobId] as const,
};

export const isActive = (job: Pick<SerialJobView, 'status'> | null | undefined) => job?.status === 'queued' || job?.status === 'running';
