'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { cn } from '@/components/ui/cn';
import { TaskCountBadge } from '@/components/tasks/task-count-badge';
import { activeNavItem, visibleNavSections } from './nav-items';
import { TenantSwitcher } from './tenant-switcher';
import type { ConsoleTenantSummary, CurrentTenant } from './types';
import { Wordmark } from './wordmark';

export type SidebarProps = {
  tenant: CurrentTenant;
  tenants: ConsoleTenantSummary[];
  /** The member's effective permissions in this tenant. */
  permissions: string[];
  /** My open tasks and how many are overdue, beside "Tasks" (the layout loads them). */
  taskCounts?: { open: number; overdue: number } | null;
  className?: string;
};

/** Brand, tenant switcher and the navigation this member may use. */
export function Sidebar({ tenant, tenants, permissions, taskCounts, className }: SidebarProps) {
  const pathname = usePathname() ?? '';
  const sections = visibleNavSections(permissions);
  const active = activeNavItem(pathname, tenant.slug);
  const base = `/t/${tenant.slug}`;

  return (
    <div className={cn('flex h-full flex-col gap-3 px-3 py-3', className)}>
      <div className="px-2 pt-1">
        <Wordmark href="/" />
      </div>
      <TenantSwitcher current={tenant} tenants={tenants} />
      <nav aria-label="Console" className="-mx-1 flex flex-1 flex-col gap-4 overflow-y-auto px-1 pb-2">
        {sections.map((section, index) => {
          const headingId = section.label ? `nav-section-${index}` : undefined;
          return (
            <div key={section.label ?? index} className="flex flex-col gap-0.5">
              {section.label ? (
                <h2 id={headingId} className="px-2 pb-1 text-[11px] font-medium tracking-wide text-muted-foreground uppercase">
                  {section.label}
                </h2>
              ) : null}
              <ul aria-labelledby={headingId} className="flex flex-col gap-px">
                {section.items.map((item) => {
                  const isActive = active?.path === item.path;
                  const Icon = item.icon;
                  return (
                    <li key={item.path}>
                      <Link
                        href={`${base}${item.path}`}
                        aria-current={isActive ? 'page' : undefined}
                        className={cn(
                          'flex h-8 items-center gap-2.5 rounded-md px-2 text-[13px] font-medium text-muted-foreground transition-colors',
                          'hover:bg-accent hover:text-foreground focus-visible:outline-2 focus-visible:-outline-offset-1 focus-visible:outline-ring',
                          isActive && 'bg-accent text-foreground shadow-[inset_0_0_0_1px_var(--border)]',
                        )}
                      >
                        <Icon aria-hidden="true" className={cn('size-4 shrink-0', isActive ? 'text-link' : 'opacity-80')} />
                        {item.label}
                        {item.path === '/tasks' ? <TaskCountBadge counts={taskCounts} /> : null}
                      </Link>
                    </li>
                  );
                })}
              </ul>
            </div>
          );
        })}
      </nav>
    </div>
  );
}
