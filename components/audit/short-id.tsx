'use client';

import * as React from 'react';
import { Check, Copy } from 'lucide-react';
import { SimpleTooltip } from '@/components/ui/tooltip';
import { cn } from '@/components/ui/cn';

/** An id shortened to its first characters, the whole id on hover, with a button that copies it. */
export function ShortId({ id, length = 8, className }: { id: string; length?: number; className?: string }) {
  const [copied, setCopied] = React.useState(false);
  React.useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 1500);
    return () => clearTimeout(timer);
  }, [copied]);
  return (
    <span className={cn('inline-flex items-center gap-0.5 font-mono text-xs', className)}>
      <SimpleTooltip label={id}>
        {/* Focusable so keyboard users reach the full id in the tooltip. */}
        {/* eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex */}
        <span tabIndex={0} className="rounded-sm focus-visible:outline-2 focus-visible:outline-ring">
          {id.length > length + 1 ? id.slice(0, length) : id}
        </span>
      </SimpleTooltip>
      <button
        type="button"
        aria-label={copied ? 'Copied' : `Copy ${id}`}
        className="inline-flex size-5 items-center justify-center rounded text-muted-foreground hover:bg-accent hover:text-foreground focus-visible:outline-2 focus-visible:outline-ring"
        onClick={(e) => {
          e.stopPropagation();
          void navigator.clipboard?.writeText(id).then(() => setCopied(true));
        }}
      >
        {copied ? <Check aria-hidden="true" className="size-3 text-success" /> : <Copy aria-hidden="true" className="size-3" />}
      </button>
    </span>
  );
}
