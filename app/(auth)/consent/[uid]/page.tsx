import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { AuthStatus } from '@/components/auth/auth-status';
import { ConsentForm } from '@/components/oidc/consent-form';
import { buttonVariants } from '@/components/ui/button';
import { Card, CardContent } from '@/components/ui/card';
import { getCurrentUser } from '@/lib/auth/current-user';
import { loadConsentQuestion } from '@/lib/oidc-provider/interaction';
import { scopeSentences } from '@/lib/oidc-provider/scope-words';

export const metadata: Metadata = { title: 'Allow access?', robots: { index: false, follow: false } };

/** A third-party application of one of the tenant's systems asks to see the person's account (once; remembered). */
export default async function ConsentPage({ params }: { params: Promise<{ uid: string }> }) {
  const { uid } = await params;
  const user = await getCurrentUser();
  if (!user) redirect(`/sign-in?next=${encodeURIComponent(`/consent/${uid}`)}`);
  const question = await loadConsentQuestion(uid, user.id);
  if (!question) {
    return (
      <Card className="w-full shadow-sm">
        <CardContent className="px-6 py-8">
          <AuthStatus
            tone="expired"
            title="This request has expired"
            actions={
              <Link href="/" className={buttonVariants({ variant: 'primary', size: 'lg', className: 'w-full' })}>
                Go to Custos
              </Link>
            }
          >
            <p>
              The application&apos;s sign-in request is no longer waiting for you, or it was made for someone else. Start again from the
              application.
            </p>
          </AuthStatus>
        </CardContent>
      </Card>
    );
  }
  return (
    <Card className="w-full shadow-sm">
      <CardContent className="grid gap-5 px-6 py-7">
        <div className="grid gap-1.5 text-center">
          <h1 className="text-lg font-semibold tracking-tight">Allow {question.clientName}?</h1>
          <p className="text-[13px] text-muted-foreground">
            An application of <span className="font-medium text-foreground">{question.systemName}</span> in tenant{' '}
            <span className="font-medium text-foreground">{question.tenantSlug}</span> asks to sign you in as{' '}
            <span className="font-medium break-all text-foreground">{user.email}</span>.
          </p>
        </div>
        <div className="grid gap-2">
          <h2 className="text-[13px] font-medium">It will see</h2>
          <ul className="grid list-disc gap-1 pl-5 text-[13px] text-muted-foreground">
            {scopeSentences(question.scopes).map((sentence) => (
              <li key={sentence}>{sentence}</li>
            ))}
          </ul>
          <p className="text-[13px] text-muted-foreground">Your answer is remembered. Your roles in the system go with each sign-in.</p>
        </div>
        <ConsentForm uid={question.uid} clientName={question.clientName} />
      </CardContent>
    </Card>
  );
}
