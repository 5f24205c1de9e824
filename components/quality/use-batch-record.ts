'use client';

import * as React from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { toast } from '@/components/ui/toast';
import { api, keys, paths, type BatchDetailView, type InspectionView, type ReleaseCheck } from './api';
import { BATCH_STATUS } from './status';

export type TransitionBody = { to: string; reason?: string; signature?: { password?: string; meaning: string } };

/** The batch, its release check and inspections, and the lifecycle move that updates them. */
export function useBatchRecord(tenant: string, id: string, canReadInspections: boolean) {
  const queryClient = useQueryClient();
  const batch = useQuery({ queryKey: keys.batch(tenant, id), queryFn: () => api<BatchDetailView>(paths.batch(tenant, id)) });
  const check = useQuery({
    queryKey: [...keys.batch(tenant, id), 'release-check'],
    queryFn: () => api<ReleaseCheck>(paths.releaseCheck(tenant, id)),
  });
  const inspections = useQuery({
    queryKey: [...keys.batch(tenant, id), 'inspections'],
    queryFn: () => api<{ data: InspectionView[] }>(paths.batchInspections(tenant, id)).then((r) => r.data),
    enabled: canReadInspections,
  });
  const refresh = React.useCallback(() => void queryClient.invalidateQueries({ queryKey: keys.quality(tenant) }), [queryClient, tenant]);

  const transition = useMutation({
    mutationFn: (body: TransitionBody) => api<BatchDetailView>(paths.transitions(tenant, id), { method: 'POST', json: body }),
    onSuccess: (next) => {
      queryClient.setQueryData(keys.batch(tenant, id), next);
      toast({ tone: 'success', title: `Batch ${next.batchNumber} is now ${BATCH_STATUS[next.status].label.toLowerCase()}` });
      refresh();
    },
  });

  return { batch, check, inspections, refresh, transition };
}
