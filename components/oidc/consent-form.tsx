'use client';

import * as React from 'react';
import { Button } from '@/components/ui/button';

type ConsentFormProps = { uid: string; clientName: string };

/**
 * Allow / Deny for a third-party application. The decision goes with fetch and the browser then moves to the address
 * the provider answers: a form POST whose redirects end at the application's address would be blocked by the console's
 * `form-action 'self'` policy.
 */
export function ConsentForm({ uid, clientName }: ConsentFormProps) {
  const [pending, setPending] = React.useState<'allow' | 'deny' | null>(null);
  const [problem, setProblem] = React.useState<string | null>(null);

  async function decide(allow: boolean) {
    setPending(allow ? 'allow' : 'deny');
    setProblem(null);
    try {
      const response = await fetch(`/oidc/interaction/${encodeURIComponent(uid)}/decision`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        credentials: 'same-origin',
        body: JSON.stringify({ allow }),
      });
      const answer = (await response.json()) as { location?: string; detail?: string };
      if (response.ok && answer.location) {
        window.location.assign(answer.location);
        return;
      }
      setProblem(answer.detail ?? 'Custos could not record your answer. Start again from the application.');
    } catch {
      setProblem('Custos could not be reached. Check your connection and try again.');
    }
    setPending(null);
  }

  return (
    <div className="grid gap-3">
      {problem ? (
        <p role="alert" className="rounded-md border border-danger/25 bg-danger/10 px-3 py-2 text-[13px] text-danger">
          {problem}
        </p>
      ) : null}
      <Button
        variant="primary"
        size="lg"
        className="w-full"
        pending={pending === 'allow'}
        disabled={pending !== null}
        onClick={() => void decide(true)}
      >
        Allow {clientName}
      </Button>
      <Button size="lg" className="w-full" pending={pending === 'deny'} disabled={pending !== null} onClick={() => void decide(false)}>
        Deny
      </Button>
    </div>
  );
}
