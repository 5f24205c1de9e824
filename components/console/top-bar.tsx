import { ThemeToggle } from './theme-toggle';
import type { ConsoleUser } from './types';
import { UserMenu } from './user-menu';
import { Wordmark } from './wordmark';

/** The bar on signed-in pages outside a tenant (the tenant list, a suspended tenant). */
export function TopBar({ user }: { user: ConsoleUser }) {
  return (
    <header className="sticky top-0 z-30 border-b border-border bg-background/85 backdrop-blur supports-[backdrop-filter]:bg-background/70">
      <div className="mx-auto flex h-12 w-full max-w-5xl items-center gap-2 px-4 sm:px-6">
        <Wordmark href="/" />
        <div className="ml-auto flex items-center gap-1">
          <ThemeToggle />
          <UserMenu user={user} />
        </div>
      </div>
    </header>
  );
}
