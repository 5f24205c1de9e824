import * as React from 'react';
import { cn } from '@/components/ui/cn';
import { auditSentenceParts, targetTypeLabel, targetWords, type AuditEventWords } from '@/lib/audit/action-labels';
import { ShortId } from './short-id';

/**
 * An audit event as a sentence (lib/audit/action-labels.ts): "Ada Admin released batch ACM2607004". The actor and a
 * named target stand out; a target the event does not name shows its id shortened, with a copy button.
 */
export function AuditSentence({
  event,
  targetName,
  plain = false,
  className,
}: {
  event: AuditEventWords;
  /** The target's name when the page knows it (the batch page knows its number). */
  targetName?: string | null;
  /** Inside a button or link: ids as plain short text, without their copy button (no control inside a control). */
  plain?: boolean;
  className?: string;
}) {
  const parts = auditSentenceParts(event, targetName);
  return (
    <span className={cn('min-w-0 break-words', className)} data-testid="audit-sentence">
      {parts.map((part, i) => {
        if (part.kind === 'text') return <React.Fragment key={i}>{part.text}</React.Fragment>;
        if (part.kind === 'actor') {
          return (
            <span key={i} className="font-medium">
              {part.text}
            </span>
          );
        }
        const type = part.type ? `${targetTypeLabel(part.type)} ` : '';
        if (part.name) {
          return (
            <React.Fragment key={i}>
              {type}
              <span className="font-medium">{part.name}</span>
            </React.Fragment>
          );
        }
        if (part.id && !plain) {
          return (
            <React.Fragment key={i}>
              {type}
              <ShortId id={part.id} />
            </React.Fragment>
          );
        }
        return <React.Fragment key={i}>{targetWords(part)}</React.Fragment>;
      })}
    </span>
  );
}
