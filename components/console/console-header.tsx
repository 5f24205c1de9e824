'use client';

import * as React from 'react';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { Menu } from 'lucide-react';
import { VisuallyHidden } from 'radix-ui';
import { Button } from '@/components/ui/button';
import { Dialog, DialogTitle, DialogTrigger, SheetContent } from '@/components/ui/dialog';
import { activeNavItem } from './nav-items';
import { Sidebar, type SidebarProps } from './sidebar';
import { ThemeToggle } from './theme-toggle';
import type { ConsoleUser } from './types';
import { UserMenu } from './user-menu';

/** The bar above console pages: navigation drawer on small screens, where you are, theme and account. */
export function ConsoleHeader({ user, ...sidebar }: SidebarProps & { user: ConsoleUser }) {
  const pathname = usePathname() ?? '';
  const [open, setOpen] = React.useState(false);
  const section = activeNavItem(pathname, sidebar.tenant.slug);

  // Close the drawer once a link in it has been followed.
  const [lastPath, setLastPath] = React.useState(pathname);
  if (lastPath !== pathname) {
    setLastPath(pathname);
    if (open) setOpen(false);
  }

  return (
    <header className="sticky top-0 z-30 flex h-12 shrink-0 items-center gap-2 border-b border-border bg-background/85 px-3 backdrop-blur supports-[backdrop-filter]:bg-background/70 sm:px-5">
      <Dialog open={open} onOpenChange={setOpen}>
        <DialogTrigger asChild>
          <Button variant="ghost" size="icon" className="-ml-1 lg:hidden" aria-label="Open navigation">
            <Menu aria-hidden="true" />
          </Button>
        </DialogTrigger>
        <SheetContent aria-describedby={undefined}>
          <VisuallyHidden.Root>
            <DialogTitle>Navigation</DialogTitle>
          </VisuallyHidden.Root>
          <Sidebar {...sidebar} />
        </SheetContent>
      </Dialog>

      <nav aria-label="Breadcrumb" className="min-w-0 flex-1">
        <ol className="flex min-w-0 items-center gap-1.5 text-[13px]">
          <li className="min-w-0">
            <Link
              href={`/t/${sidebar.tenant.slug}`}
              className="block truncate rounded-sm text-muted-foreground hover:text-foreground"
              aria-current={section?.path === '' ? 'page' : undefined}
            >
              {sidebar.tenant.name}
            </Link>
          </li>
          {section && section.path !== '' ? (
            <>
              <li aria-hidden="true" className="text-muted-foreground/60">
                /
              </li>
              <li className="truncate font-medium text-foreground">{section.label}</li>
            </>
          ) : null}
        </ol>
      </nav>

      <div className="flex items-center gap-1">
        <ThemeToggle />
        <UserMenu user={user} />
      </div>
    </header>
  );
}
