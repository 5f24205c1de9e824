import { cn } from '@/components/ui/cn';
import type { PermissionInfo } from '@/lib/access/permission-catalog';

/**
 * A permission in plain words (lib/access/permission-catalog.ts): its title, the key beside it as secondary code,
 * and its one-line description. A downstream system's key has no title: the key itself, with the system's name.
 */
export function PermissionLabel({
  info,
  description = true,
  descriptionId,
  className,
}: {
  info: PermissionInfo;
  /** Show the description line (off where space is short; it is then the element's title). */
  description?: boolean;
  /** An id for the description line, for `aria-describedby` on the control it labels. */
  descriptionId?: string;
  className?: string;
}) {
  return (
    <span className={cn('grid min-w-0 gap-0.5', className)} title={description ? undefined : (info.description ?? undefined)}>
      <span className="flex min-w-0 flex-wrap items-baseline gap-x-2 gap-y-0.5">
        {info.system ? (
          <>
            <span className="font-medium text-foreground">{info.areaName}</span>
            <code className="text-xs break-all text-foreground">{info.title}</code>
          </>
        ) : (
          <>
            <span className="font-medium text-foreground">{info.title}</span>
            <code className="text-[11px] break-all text-muted-foreground">{info.key}</code>
          </>
        )}
      </span>
      {description && info.description ? (
        <span id={descriptionId} className="text-xs text-muted-foreground">
          {info.description}
        </span>
      ) : null}
    </span>
  );
}
