'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { KeyRound, MonitorSmartphone, ShieldCheck, UserRound } from 'lucide-react';
import { cn } from '@/components/ui/cn';

const TABS = [
  { href: '/account', label: 'Profile', icon: UserRound },
  { href: '/account/password', label: 'Password', icon: KeyRound },
  { href: '/account/security', label: 'Security', icon: ShieldCheck },
  { href: '/account/sessions', label: 'Sessions', icon: MonitorSmartphone },
] as const;

/** Profile · Password · Security · Sessions, the current one marked for the eye and for screen readers. */
export function AccountTabs() {
  const pathname = usePathname();
  return (
    <nav aria-label="Account" className="border-b border-border">
      <ul className="-mb-px flex gap-1 overflow-x-auto">
        {TABS.map(({ href, label, icon: Icon }) => {
          const current = pathname === href;
          return (
            <li key={href}>
              <Link
                href={href}
                aria-current={current ? 'page' : undefined}
                className={cn(
                  'inline-flex h-9 items-center gap-1.5 rounded-t-md border-b-2 px-3 text-[13px] font-medium whitespace-nowrap transition-colors',
                  'focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-ring',
                  current
                    ? 'border-primary text-foreground'
                    : 'border-transparent text-muted-foreground hover:border-border hover:text-foreground',
                )}
              >
                <Icon aria-hidden="true" className="size-3.5" />
                {label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
