import * as React from 'react';
import { ConsoleHeader } from './console-header';
import { Sidebar } from './sidebar';
import type { ConsoleTenantSummary, ConsoleUser, CurrentTenant } from './types';

export function SkipLink() {
  return (
    <a
      href="#main"
      className="sr-only z-50 rounded-md bg-primary px-3 py-2 text-sm font-medium text-primary-foreground focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
    >
      Skip to content
    </a>
  );
}

/** The signed-in console frame: sidebar on wide screens (a drawer on small ones), header, and the page. */
export function ConsoleShell({
  user,
  tenant,
  tenants,
  permissions,
  taskCounts,
  children,
}: {
  user: ConsoleUser;
  tenant: CurrentTenant;
  tenants: ConsoleTenantSummary[];
  permissions: string[];
  taskCounts?: { open: number; overdue: number } | null;
  children: React.ReactNode;
}) {
  return (
    <div className="flex min-h-dvh">
      <SkipLink />
      <aside aria-label="Sidebar" className="sticky top-0 hidden h-dvh w-60 shrink-0 border-r border-border bg-sidebar lg:block">
        <Sidebar tenant={tenant} tenants={tenants} permissions={permissions} taskCounts={taskCounts} />
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <ConsoleHeader user={user} tenant={tenant} tenants={tenants} permissions={permissions} taskCounts={taskCounts} />
        <main id="main" tabIndex={-1} className="flex-1 px-4 py-6 outline-none sm:px-8 sm:py-8">
          <div className="mx-auto w-full max-w-6xl">{children}</div>
        </main>
      </div>
    </div>
  );
}
