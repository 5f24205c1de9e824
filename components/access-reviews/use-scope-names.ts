'use client';

import * as React from 'react';
import { useQuery } from '@tanstack/react-query';
import { api } from '@/components/api-client';
import type { AccessReviewView } from './api';

type Named = { id: string; name: string };

/**
 * The names of the teams and systems campaigns are scoped to, for `scopeInWords`: the tenant's teams (teams.read) and
 * systems (systems.read), first 200 each, fetched only when a campaign in view needs them and the viewer may read them.
 */
export function useScopeNames(
  tenant: string,
  scopes: ReadonlyArray<AccessReviewView['scope']>,
  permissions: readonly string[],
): { teams: Map<string, string>; systems: Map<string, string> } {
  const list = (what: 'teams' | 'systems', needed: boolean) => ({
    queryKey: ['tenant', tenant, 'access-reviews', 'picker', what],
    queryFn: async () => (await api<{ data: Named[] }>(`/api/v1/tenants/${encodeURIComponent(tenant)}/${what}?limit=200`)).data,
    enabled: needed,
    staleTime: 60_000,
  });
  const teams = useQuery(list('teams', permissions.includes('teams.read') && scopes.some((s) => s.type === 'team')));
  const systems = useQuery(list('systems', permissions.includes('systems.read') && scopes.some((s) => s.type === 'system')));
  return React.useMemo(
    () => ({
      teams: new Map((teams.data ?? []).map((t) => [t.id, t.name])),
      systems: new Map((systems.data ?? []).map((s) => [s.id, s.name])),
    }),
    [teams.data, systems.data],
  );
}
