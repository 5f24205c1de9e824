'use client';

import Link from 'next/link';
import { Check, ChevronsUpDown, LayoutGrid } from 'lucide-react';
import { Badge } from '@/components/ui/badge';
import { cn } from '@/components/ui/cn';
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from '@/components/ui/dropdown-menu';
import type { ConsoleTenantSummary, CurrentTenant } from './types';

export function TenantMark({ name, className }: { name: string; className?: string }) {
  return (
    <span
      aria-hidden="true"
      className={cn(
        'flex size-6 shrink-0 items-center justify-center rounded-md border border-border bg-card text-xs font-semibold text-foreground shadow-xs',
        className,
      )}
    >
      {name.trim().charAt(0).toUpperCase() || '?'}
    </span>
  );
}

/** The current tenant, and a menu of the person's other tenants (each links to /t/{slug}). */
export function TenantSwitcher({ current, tenants }: { current: CurrentTenant; tenants: ConsoleTenantSummary[] }) {
  return (
    <DropdownMenu>
      <DropdownMenuTrigger
        data-testid="tenant-switcher"
        className="group flex w-full items-center gap-2 rounded-md px-2 py-1.5 text-left hover:bg-accent focus-visible:outline-2 focus-visible:outline-ring data-[state=open]:bg-accent"
      >
        <TenantMark name={current.name} />
        <span className="flex min-w-0 flex-1 flex-col">
          <span className="truncate text-[13px] font-semibold text-foreground">
            <span className="sr-only">Switch tenant. Current: </span>
            {current.name}
          </span>
          <span className="truncate font-mono text-[11px] text-muted-foreground">{current.slug}</span>
        </span>
        <ChevronsUpDown aria-hidden="true" className="size-4 shrink-0 text-muted-foreground group-hover:text-foreground" />
      </DropdownMenuTrigger>
      <DropdownMenuContent align="start" className="w-(--radix-dropdown-menu-trigger-width) min-w-60">
        <DropdownMenuLabel>Your tenants</DropdownMenuLabel>
        {tenants.map((tenant) => {
          const isCurrent = tenant.slug === current.slug;
          return (
            <DropdownMenuItem key={tenant.slug} asChild>
              <Link href={`/t/${tenant.slug}`} aria-current={isCurrent ? 'page' : undefined}>
                <TenantMark name={tenant.name} className="size-5 text-[10px]" />
                <span className="flex min-w-0 flex-1 flex-col">
                  <span className="truncate font-medium">{tenant.name}</span>
                  {tenant.roles.length > 0 ? (
                    <span className="truncate text-xs text-muted-foreground">{tenant.roles.join(', ')}</span>
                  ) : null}
                </span>
                {tenant.status === 'suspended' ? (
                  <Badge tone="danger" className="text-[10px]">
                    Suspended
                  </Badge>
                ) : null}
                {isCurrent ? (
                  <>
                    <Check aria-hidden="true" className="text-foreground!" />
                    <span className="sr-only">(current)</span>
                  </>
                ) : null}
              </Link>
            </DropdownMenuItem>
          );
        })}
        <DropdownMenuSeparator />
        <DropdownMenuItem asChild>
          <Link href="/">
            <LayoutGrid aria-hidden="true" />
            All tenants
          </Link>
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
