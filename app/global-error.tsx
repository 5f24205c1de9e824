'use client';

import { useEffect } from 'react';
import './globals.css';

/** Errors in the root layout itself. It replaces the whole document, so it carries its own html and styles. */
export default function GlobalError({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  const digest = error instanceof Error ? (error as Error & { digest?: string }).digest : undefined;

  return (
    <html lang="en">
      <body className="min-h-dvh bg-background text-foreground antialiased">
        <title>Something went wrong · Custos</title>
        <main role="alert" className="flex min-h-dvh items-center justify-center px-4 py-16">
          <div className="flex max-w-md flex-col items-center gap-4 text-center">
            <h1 className="text-xl font-semibold tracking-tight">Custos could not load</h1>
            <p className="text-[13px] text-muted-foreground">
              Something went wrong on our side. Try again; if it keeps happening, tell your administrator
              {digest ? ' and quote the reference below' : ''}.
            </p>
            {digest ? (
              <p className="text-xs text-muted-foreground">
                Reference: <code className="rounded bg-muted px-1 py-0.5 font-mono text-foreground">{digest}</code>
              </p>
            ) : null}
            <button
              type="button"
              onClick={() => retry()}
              className="inline-flex h-8 items-center rounded-md bg-primary px-3 text-sm font-medium text-primary-foreground hover:bg-primary-hover focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring"
            >
              Try again
            </button>
          </div>
        </main>
      </body>
    </html>
  );
}
