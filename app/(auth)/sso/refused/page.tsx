import type { Metadata } from 'next';
import Link from 'next/link';
import { AuthStatus } from '@/components/auth/auth-status';
import { buttonVariants } from '@/components/ui/button';
import { Card, CardContent } from '@/components/ui/card';
import { isSsoRefusalReason, SSO_REFUSAL_REASONS } from '@/lib/sso/refusal';

export const metadata: Metadata = { title: 'Sign-in refused', robots: { index: false, follow: false } };

/** Where an SSO sign-in that was refused lands (lib/sso/refusal.ts): what happened, in plain words, and a way back. */
export default async function SsoRefusedPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { reason } = await searchParams;
  const words = isSsoRefusalReason(reason) ? SSO_REFUSAL_REASONS[reason] : SSO_REFUSAL_REASONS.idp_error;
  const tone = reason === 'expired' ? 'expired' : 'invalid';
  return (
    <Card className="w-full shadow-sm">
      <CardContent className="px-6 py-8">
        <AuthStatus
          tone={tone}
          title={words.title}
          actions={
            <Link href="/sign-in" className={buttonVariants({ variant: 'primary', size: 'lg', className: 'w-full' })}>
              Back to sign in
            </Link>
          }
        >
          <p>{words.body}</p>
        </AuthStatus>
      </CardContent>
    </Card>
  );
}
