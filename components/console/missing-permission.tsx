import type * as React from 'react';
import { ShieldOff } from 'lucide-react';
import { EmptyState } from '@/components/ui/empty-state';
import { PageHeader } from '@/components/ui/page-header';
import { permissionTitle } from '@/lib/access/permission-catalog';

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
  /** The permission key (`audit.read`): shown by its title, the key beside it as code. */
  permission: string;
  tenantName: string;
}) {
  return (
    <div className="flex flex-col gap-6">
      <PageHeader eyebrow={eyebrow} title={heading} />
      <EmptyState icon={<ShieldOff />} title={`You cannot see ${what} here`}>
        This needs the permission “{permissionTitle(permission)}” (<code className="font-mono text-xs">{permission}</code>). Ask an
        administrator of {tenantName} if you need it.
      </EmptyState>
    </div>
  );
}
