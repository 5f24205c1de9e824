'use client';

import * as React from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import type { AdminTenant } from '@/lib/platform-admin/schemas';
import type { DomainList, DomainView } from '@/lib/sso/domains/schemas';
import { api } from './api';

const domainsKey = (slug: string) => ['admin', 'tenant-domains', slug] as const;

function howVerified(d: DomainView): string {
  if (!d.verified) return 'Waiting for its DNS record';
  return d.verifiedMethod === 'platform' ? 'Verified by a platform administrator' : 'Verified by its DNS record';
}

/**
 * A tenant's domains for a platform administrator: verified or not, and how; an unverified one can be verified
 * for the tenant without DNS (air-gapped sites, a record that cannot be published), after a confirmation.
 * Refusals (another tenant verified it: 409) show in place; the list is read again afterwards.
 */
export function TenantDomainsDialog({ pending, onClose }: { pending: AdminTenant | null; onClose: () => void }) {
  const slug = pending?.slug ?? '';
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = React.useState<DomainView | null>(null);
  const [error, setError] = React.useState<{ id: string; message: string } | null>(null);
  const [shownTenant, setShownTenant] = React.useState<AdminTenant | null>(null);
  if (shownTenant !== pending) {
    setShownTenant(pending);
    setConfirming(null);
    setError(null);
  }
  const domains = useQuery({
    queryKey: domainsKey(slug),
    queryFn: () => api<DomainList>(`/api/v1/admin/tenants/${slug}/domains`),
    enabled: pending !== null,
  });
  const verify = useMutation({
    mutationFn: (d: DomainView) => api<DomainView>(`/api/v1/admin/tenants/${slug}/domains/${d.id}/verify`, { method: 'POST' }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: domainsKey(slug) }),
    onSuccess: () => {
      setConfirming(null);
      setError(null);
    },
    onError: (e, d) => {
      setConfirming(null);
      setError({ id: d.id, message: e.message });
    },
  });
  const list = domains.data?.data ?? [];
  return (
    <Dialog open={pending !== null} onOpenChange={(open) => (open || verify.isPending ? undefined : onClose())}>
      <DialogContent className="max-w-lg">
        <DialogHeader>
          <DialogTitle>Domains of {pending?.name}</DialogTitle>
          <DialogDescription>
            The domains this tenant has claimed. Its admins verify them by publishing a DNS record; you can verify one for them when that is
            not possible.
          </DialogDescription>
        </DialogHeader>
        {domains.isPending ? (
          <p className="text-sm text-muted-foreground">Loading the domains…</p>
        ) : domains.isError ? (
          <Alert tone="danger" role="alert" title="Could not load the domains">
            {domains.error.message}
          </Alert>
        ) : list.length === 0 ? (
          <p className="text-sm text-muted-foreground">This tenant has not claimed any domain.</p>
        ) : (
          <ul className="grid gap-3" aria-label={`Domains of ${pending?.name ?? 'the tenant'}`}>
            {list.map((d) => (
              <li key={d.id} data-testid="tenant-domain" className="grid gap-2 rounded-lg border border-border p-3">
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <span className="font-mono text-sm break-all">{d.domain}</span>
                  <Badge tone={d.verified ? 'success' : 'neutral'}>{d.verified ? 'Verified' : 'Not verified'}</Badge>
                </div>
                <p className="text-xs text-muted-foreground">{howVerified(d)}</p>
                {confirming?.id === d.id ? (
                  <div className="grid gap-2">
                    <Alert tone="warning" title={`Verify ${d.domain} for ${pending?.name} without DNS?`}>
                      Only for air-gapped sites or a DNS record that cannot be published. Its people can then be sent to the tenant’s single
                      sign-on. This is recorded on the platform’s audit trail and the tenant’s.
                    </Alert>
                    <div className="flex flex-wrap justify-end gap-2">
                      <Button size="sm" disabled={verify.isPending} onClick={() => setConfirming(null)}>
                        Cancel
                      </Button>
                      <Button size="sm" variant="primary" pending={verify.isPending} onClick={() => verify.mutate(d)}>
                        Verify domain
                      </Button>
                    </div>
                  </div>
                ) : !d.verified ? (
                  <div className="flex justify-end">
                    <Button
                      size="sm"
                      disabled={verify.isPending}
                      onClick={() => {
                        setError(null);
                        setConfirming(d);
                      }}
                    >
                      Verify for this tenant
                    </Button>
                  </div>
                ) : null}
                {error?.id === d.id ? (
                  <Alert tone="danger" role="alert" title={`Could not verify ${d.domain}`}>
                    {error.message}
                  </Alert>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        <DialogFooter>
          <DialogClose asChild>
            <Button disabled={verify.isPending}>Close</Button>
          </DialogClose>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
