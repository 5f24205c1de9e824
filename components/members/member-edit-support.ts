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
