'use client';

import * as React from 'react';
import { Check, Copy, Download } from 'lucide-react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { toast } from '@/components/ui/toast';

/**
 * Ten recovery codes, shown once: Copy and Download .txt, then "I have saved them" before the page moves on. Each
 * code works once, in place of the authenticator app or a passkey.
 */
export function RecoveryCodesReveal({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const [saved, setSaved] = React.useState(false);
  const checkboxId = React.useId();
  const text = `Custos recovery codes (each works once)\n\n${codes.join('\n')}\n`;

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      toast({ title: 'Recovery codes copied', description: 'Paste them into your password manager.' });
    } catch {
      toast({ tone: 'error', title: 'Could not copy', description: 'Select the codes and copy them, or download them.' });
    }
  };
  const download = () => {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = 'custos-recovery-codes.txt';
    link.click();
    URL.revokeObjectURL(url);
  };

  return (
    <div className="grid gap-4" data-testid="recovery-codes">
      <Alert tone="warning" title="Save your recovery codes now">
        They are shown only this once. If you lose your phone or security key, each code lets you sign in one time.
      </Alert>
      <ol
        aria-label="Recovery codes"
        className="grid grid-cols-1 gap-x-6 gap-y-1.5 rounded-lg border border-border bg-muted/40 p-4 font-mono text-sm min-[360px]:grid-cols-2"
      >
        {codes.map((code) => (
          <li key={code} className="tracking-wide">
            {code}
          </li>
        ))}
      </ol>
      <div className="flex flex-wrap gap-2">
        <Button type="button" size="sm" onClick={() => void copy()}>
          <Copy aria-hidden="true" />
          Copy
        </Button>
        <Button type="button" size="sm" onClick={download}>
          <Download aria-hidden="true" />
          Download .txt
        </Button>
      </div>
      <div className="flex items-start gap-2">
        <input
          id={checkboxId}
          type="checkbox"
          checked={saved}
          onChange={(event) => setSaved(event.target.checked)}
          className="mt-0.5 size-4 accent-[var(--color-primary)]"
        />
        <label htmlFor={checkboxId} className="text-[13px]">
          I have saved my recovery codes somewhere safe
        </label>
      </div>
      <div>
        <Button type="button" variant="primary" disabled={!saved} onClick={onDone}>
          <Check aria-hidden="true" />
          Done
        </Button>
      </div>
    </div>
  );
}
