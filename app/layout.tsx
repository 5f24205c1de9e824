import type { Metadata, Viewport } from 'next';
import { cookies } from 'next/headers';
import { StepUpDialog } from '@/components/auth/step-up-dialog';
import { ThemeProvider } from '@/components/console/theme-toggle';
import { THEME_COOKIE, parseTheme, themeClass } from '@/components/console/theme';
import { Toaster } from '@/components/ui/toast';
import { TooltipProvider } from '@/components/ui/tooltip';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Custos', template: '%s · Custos' },
  description: 'Access control and GxP batch records.',
  applicationName: 'Custos',
};

export const viewport: Viewport = {
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#fcfcfd' },
    { media: '(prefers-color-scheme: dark)', color: '#111113' },
  ],
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // The theme is a cookie so the server renders the right class: no inline script, no flash.
  const theme = parseTheme((await cookies()).get(THEME_COOKIE)?.value);
  return (
    <html lang="en" className={themeClass(theme)} suppressHydrationWarning>
      <body className="min-h-dvh bg-background text-foreground antialiased">
        <ThemeProvider initialTheme={theme}>
          <TooltipProvider>
            {children}
            <Toaster />
            <StepUpDialog />
          </TooltipProvider>
        </ThemeProvider>
      </body>
    </html>
  );
}
