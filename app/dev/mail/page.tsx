import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ExternalLink, Inbox, Mail, RefreshCw, Search } from 'lucide-react';
import { ThemeToggle } from '@/components/console/theme-toggle';
import { Wordmark } from '@/components/console/wordmark';
import { LocalTime } from '@/components/dev/local-time';
import { Badge } from '@/components/ui/badge';
import { Button, buttonVariants } from '@/components/ui/button';
import { Card, CardContent, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { PageHeader } from '@/components/ui/page-header';
import { devMailboxEnabled, listMail, type DevMail } from '@/lib/email/dev-mailbox';
import { resendConfigured } from '@/lib/email/deliver';

export const metadata: Metadata = { title: 'Dev mailbox', robots: { index: false, follow: false } };

const LIMIT = 50;
/** The newest few show their text; older ones fold it away (their links stay visible). */
const OPEN_BODIES = 5;
const STATUS_TONE = { pending: 'warning', sent: 'success', failed: 'danger' } as const;
const STATUS_LABEL = { pending: 'In outbox', sent: 'Sent', failed: 'Failed' } as const;

/** Development only: the outbox as a mailbox, so sign-up and reset links can be followed without a mail provider. */
export default async function DevMailPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (!devMailboxEnabled()) notFound();
  const raw = (await searchParams).to;
  const to = (Array.isArray(raw) ? raw[0] : raw)?.trim().toLowerCase() || undefined;
  const messages = await listMail({ to, limit: LIMIT });
  const here = to ? `/dev/mail?to=${encodeURIComponent(to)}` : '/dev/mail';

  return (
    <div className="min-h-dvh bg-background">
      <header className="sticky top-0 z-10 border-b border-border bg-background/90 backdrop-blur">
        <div className="mx-auto flex h-12 max-w-4xl items-center gap-3 px-4">
          <Wordmark href="/" />
          <Badge tone="warning" dot>
            Development
          </Badge>
          <div className="ml-auto">
            <ThemeToggle />
          </div>
        </div>
      </header>
      <main id="main" className="mx-auto flex max-w-4xl flex-col gap-6 px-4 py-8">
        <PageHeader
          eyebrow="Outbox"
          title="Dev mailbox"
          description={
            resendConfigured()
              ? 'Every message Custos queued, newest first. Resend is configured, so these are also delivered.'
              : 'Every message Custos queued, newest first. No mail provider is configured: nothing leaves this server.'
          }
          actions={
            <Link href={here} className={buttonVariants({ variant: 'secondary' })}>
              <RefreshCw aria-hidden="true" />
              Refresh
            </Link>
          }
        />

        <form method="get" action="/dev/mail" role="search" className="flex flex-wrap items-end gap-2">
          <div className="grid min-w-64 flex-1 gap-1.5">
            <Label htmlFor="dev-mail-to">Recipient</Label>
            <Input
              id="dev-mail-to"
              name="to"
              type="email"
              defaultValue={to ?? ''}
              placeholder="name@company.com"
              autoComplete="off"
              spellCheck={false}
            />
          </div>
          <Button type="submit" variant="primary">
            <Search aria-hidden="true" />
            Filter
          </Button>
          {to ? (
            <Link href="/dev/mail" className={buttonVariants({ variant: 'ghost' })}>
              Show all
            </Link>
          ) : null}
        </form>

        <p className="text-[13px] text-muted-foreground" aria-live="polite">
          {messages.length === 0
            ? null
            : `${messages.length === LIMIT ? `The latest ${LIMIT}` : messages.length} message${messages.length === 1 ? '' : 's'}${to ? ` to ${to}` : ''}.`}
        </p>

        {messages.length === 0 ? (
          <EmptyState icon={<Inbox />} title={to ? `No mail to ${to}` : 'The outbox is empty'}>
            {to
              ? 'Check the address, or sign up, ask for a reset link or send an invitation to it: the message appears here.'
              : 'Sign up, ask for a password reset or send an invitation: the message appears here.'}
          </EmptyState>
        ) : (
          <ol className="flex flex-col gap-4" aria-label="Messages">
            {messages.map((message, index) => (
              <li key={message.id}>
                <MessageCard message={message} open={index < OPEN_BODIES} />
              </li>
            ))}
          </ol>
        )}
      </main>
    </div>
  );
}

function MessageCard({ message, open }: { message: DevMail; open: boolean }) {
  const headingId = `mail-${message.id}`;
  return (
    <Card aria-labelledby={headingId}>
      <CardHeader className="flex-col gap-1.5 border-b border-border pb-3 sm:flex-row sm:items-start">
        <div className="flex min-w-0 flex-1 flex-col gap-1">
          <h2 id={headingId} className="text-sm font-semibold tracking-tight">
            {message.subject}
          </h2>
          <p className="flex flex-wrap items-center gap-x-3 gap-y-1 text-[13px] text-muted-foreground">
            <span className="inline-flex items-center gap-1.5">
              <Mail aria-hidden="true" className="size-3.5" />
              <span className="sr-only">To </span>
              <Link href={`/dev/mail?to=${encodeURIComponent(message.to)}`} className="rounded-sm text-foreground hover:underline">
                {message.to}
              </Link>
            </span>
            <LocalTime iso={message.createdAt} />
            <span className="font-mono text-xs">{message.template}</span>
          </p>
        </div>
        <Badge tone={STATUS_TONE[message.status]} dot>
          {STATUS_LABEL[message.status]}
        </Badge>
      </CardHeader>
      <CardContent className="flex flex-col gap-3 pt-3">
        {message.links.length > 0 ? (
          <div className="flex flex-col gap-1.5">
            <h3 className="text-xs font-medium text-muted-foreground">Links</h3>
            <ul className="flex flex-col gap-1">
              {message.links.map((link) => (
                <li key={link} className="min-w-0">
                  <a
                    href={link}
                    className="inline-flex max-w-full items-center gap-1.5 rounded-sm text-[13px] font-medium text-link hover:underline"
                  >
                    <ExternalLink aria-hidden="true" className="size-3.5 shrink-0" />
                    <span className="truncate">{link}</span>
                  </a>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        <details open={open} className="group">
          <summary className="w-fit cursor-pointer rounded-sm text-xs font-medium text-muted-foreground select-none hover:text-foreground focus-visible:outline-2 focus-visible:outline-ring">
            Message text
          </summary>
          <pre className="mt-1.5 overflow-x-auto rounded-md border border-border bg-muted/50 p-3 font-sans text-[13px] leading-relaxed whitespace-pre-wrap text-foreground">
            {message.text}
          </pre>
        </details>
      </CardContent>
    </Card>
  );
}
