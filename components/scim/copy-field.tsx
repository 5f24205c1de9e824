'use client';

import * as React from 'react';
import { Check, Copy } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { toast } from '@/components/ui/toast';

/** A read-only value with a Copy button beside it (the SCIM base URL, a new token). */
export function CopyField({ value, label, testId }: { value: string; label: string; testId?: string }) {
  const [copied, setCopied] = React.useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
      toast({ title: `${label} copied to the clipboard` });
    } catch {
      toast({ tone: 'error', title: 'Could not copy', description: 'Select the text and copy it by hand.' });
    }
  };
  return (
    <div className="flex min-w-0 items-center gap-2">
      <Input
        readOnly
        value={value}
        aria-label={label}
        className="h-9 min-w-0 flex-1 font-mono text-xs"
        onFocus={(e) => e.currentTarget.select()}
        data-testid={testId}
      />
      <Button type="button" onClick={() => void copy()} aria-label={`Copy the ${label.toLowerCase()}`}>
        {copied ? <Check aria-hidden="true" /> : <Copy aria-hidden="true" />}
        {copied ? 'Copied' : 'Copy'}
      </Button>
    </div>
  );
}
