'use client';

import * as React from 'react';
import { useMutation } from '@tanstack/react-query';
import { Button } from '@/components/ui/button';
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { FormField } from '@/components/ui/form-field';
import { toast } from '@/components/ui/toast';
import type { AdminTenant } from '@/lib/platform-admin/schemas';
import { api } from './api';
import { PlanSelect, useRefreshTenants } from './tenant-plans';

function usePatch(onDone: () => void) {
  const refresh = useRefreshTenants();
  return useMutation({
    mutationFn: ({ slug, body }: { slug: string; body: { plan?: string; status?: string } }) =>
      api<AdminTenant>(`/api/v1/admin/tenants/${slug}`, { method: 'PATCH', json: body }),
    onSettled: refresh,
    onSuccess: onDone,
  });
}

/** Change a tenant's plan; the API refuses a plan with fewer seats than are in use. */
export function ChangePlanDialog({ pending, onClose }: { pending: AdminTenant | null; onClose: () => void }) {
  const [plan, setPlan] = React.useState('starter');
  const [error, setError] = React.useState<string | null>(null);
  // Each opening starts from the tenant's plan (adjusted while rendering, not in an effect).
  const [shownTenant, setShownTenant] = React.useState<AdminTenant | null>(null);
  if (shownTenant !== pending) {
    setShownTenant(pending);
    if (pending) {
      setPlan(pending.plan.id);
      setError(null);
    }
  }
  const patch = usePatch(onClose);
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (!pending) return;
    patch.mutate(
      { slug: pending.slug, body: { plan } },
      {
        onSuccess: (t) => toast({ title: `${t.name} is on ${t.plan.name}` }),
        onError: (e) => setError(e.message),
      },
    );
  };
  return (
    <Dialog open={pending !== null} onOpenChange={(open) => (open || patch.isPending ? undefined : onClose())}>
      <DialogContent className="max-w-md">
        <form onSubmit={submit} className="grid gap-4">
          <DialogHeader>
            <DialogTitle>Change the plan of {pending?.name}</DialogTitle>
            <DialogDescription>
              {pending
                ? `${pending.seats.used} seat${pending.seats.used === 1 ? '' : 's'} in use. A plan with fewer seats is refused.`
                : null}
            </DialogDescription>
          </DialogHeader>
          <FormField label="Plan" error={error ?? undefined}>
            <PlanSelect name="plan" value={plan} onChange={setPlan} />
          </FormField>
          <DialogFooter>
            <DialogClose asChild>
              <Button type="button" disabled={patch.isPending}>
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" variant="primary" pending={patch.isPending} disabled={plan === pending?.plan.id}>
              Change plan
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

/** Suspend or reactivate a tenant. */
export function StatusDialog({ pending, onClose }: { pending: AdminTenant | null; onClose: () => void }) {
  const patch = usePatch(onClose);
  const suspending = pending?.status === 'active';
  return (
    <Dialog open={pending !== null} onOpenChange={(open) => (open || patch.isPending ? undefined : onClose())}>
      <DialogContent className="max-w-md">
        <DialogHeader>
          <DialogTitle>{suspending ? `Suspend ${pending?.name}?` : `Reactivate ${pending?.name}?`}</DialogTitle>
          <DialogDescription>
            {suspending
              ? 'Its members are refused on their next request (console and API) until you reactivate it. Nothing is deleted.'
              : 'Its members can work again from their next request.'}
          </DialogDescription>
        </DialogHeader>
        <DialogFooter>
          <DialogClose asChild>
            <Button disabled={patch.isPending}>Cancel</Button>
          </DialogClose>
          <Button
            variant={suspending ? 'destructive' : 'primary'}
            pending={patch.isPending}
            onClick={() =>
              pending &&
              patch.mutate(
                { slug: pending.slug, body: { status: suspending ? 'suspended' : 'active' } },
                {
                  onSuccess: (t) => toast({ title: t.status === 'suspended' ? `${t.name} is suspended` : `${t.name} is active again` }),
                  onError: (e) => toast({ tone: 'error', title: 'Could not change the status', description: e.message }),
                },
              )
            }
          >
            {suspending ? 'Suspend tenant' : 'Reactivate tenant'}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
