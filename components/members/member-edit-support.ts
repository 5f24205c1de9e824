'use client';

import { useQueryClient } from '@tanstack/react-query';
import { ApiError, memberKey, membersKey } from './api';

/** Refetches the member and the members list after an edit. */
export function useInvalidateMember(tenant: string, id: string) {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: memberKey(tenant, id) });
    void queryClient.invalidateQueries({ queryKey: membersKey(tenant), exact: false });
  };
}

/** An API error's field messages, each prefixed with the label of its field. */
export function fieldMessages(error: unknown, labels: (path: string) => string): string[] {
  if (!(error instanceof ApiError)) return [];
  return error.errors.map((e) => `${labels(e.path)}: ${e.message}`);
}

export type Effect = 'inherit' | 'grant' | 'deny';

const resourceOf = (key: string) => {
  const [scope, rest] = key.includes(':') ? key.split(':') : ['', key];
  return `${scope ? `${scope}: ` : ''}${rest.split('.')[0]}`;
};

/** Permission keys grouped by resource ("batches", "lims: samples"), in first-seen order. */
export function groupByResource(keys: string[]): Array<[string, string[]]> {
  const groups = new Map<string, string[]>();
  for (const key of keys) {
    const resource = resourceOf(key);
    groups.set(resource, [...(groups.get(resource) ?? []), key]);
  }
  return [...groups.entries()];
}
