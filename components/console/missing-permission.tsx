import type * as React from 'react';
import { ShieldOff } from 'lucide-react';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';

/**
 * A console page the member may not see: the page's heading, then what it needs and whom to ask. The server
 * refuses the data anyway; this only says so plainly instead of an empty page.
 */
export function MissingPermission({
  heading,
  eyebrow,
  what,
  permission,
  tenantName,
}: {
  /** The page's own heading ("Audit trail"). */
  heading: string;
  eyebrow?: React.ReactNode;
  /** What cannot be seen, as in "You cannot see {what} here" ("the audit trail"). */
  what: string;
  permission: string;
  tenantName: string;
}) {
  return (
    <div className="grid gap-5">
      <PageHeader eyebrow={eyebrow} title={heading} />
      <EmptyState icon={<ShieldOff />} title={`You cannot see ${what} here`}>
        This needs the {permission} permission. Ask an administrator of {tenantName} if you need it.
      </EmptyState>
    </div>
  );
}
