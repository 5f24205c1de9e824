import { ThemeToggle } from '@/components/console/theme-toggle';
import { Wordmark } from '@/components/console/wordmark';

/** Account pages: a quiet, centered column with the wordmark above and nothing else to distract. */
export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <div className="relative flex min-h-dvh flex-col bg-background">
      <div
        aria-hidden="true"
        className="pointer-events-none absolute inset-x-0 top-0 h-72 bg-[radial-gradient(60%_100%_at_50%_0%,color-mix(in_oklab,var(--primary)_9%,transparent),transparent)]"
      />
      <div className="absolute top-3 right-3">
        <ThemeToggle />
      </div>
      <main id="main" className="relative flex flex-1 flex-col items-center justify-center px-4 py-12">
        <div className="flex w-full max-w-[380px] flex-col items-center gap-6">
          <Wordmark size="lg" />
          {children}
        </div>
      </main>
      <footer className="relative pb-6 text-center text-xs text-muted-foreground">Custos · access control and batch records</footer>
    </div>
  );
}
