'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { cn } from '@/components/ui/cn';

const ITEMS = [
  { href: '/admin', label: 'Overview' },
  { href: '/admin/tenants', label: 'Tenants' },
  { href: '/admin/users', label: 'People' },
  { href: '/admin/jobs', label: 'Jobs' },
  { href: '/admin/audit', label: 'Platform trail' },
];

/** Tabs of the platform console. */
export function AdminNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Platform administration" className="flex flex-wrap gap-x-1 border-b border-border">
      {ITEMS.map((item) => {
        const active = item.href === '/admin' ? pathname === '/admin' : pathname.startsWith(item.href);
        return (
          <Link
            key={item.href}
            href={item.href}
            aria-current={active ? 'page' : undefined}
            className={cn(
              '-mb-px rounded-t-sm border-b-2 px-3 py-2 text-sm font-medium focus-visible:outline-2 focus-visible:outline-ring',
              active ? 'border-primary text-foreground' : 'border-transparent text-muted-foreground hover:text-foreground',
            )}
          >
            {item.label}
          </Link>
        );
      })}
    </nav>
  );
}
