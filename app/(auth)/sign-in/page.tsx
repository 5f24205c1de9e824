import type { Metadata } from 'next';
import Link from 'next/link';
import { SignInForm } from '@/components/auth/sign-in-form';
import { safeNextPath } from '@/components/auth/sign-in-schema';
import { Card, CardContent, CardDescription, CardFooter, CardHeader } from '@/components/ui/card';
import { signInAction } from './actions';

export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const next = safeNextPath((await searchParams).next);
  return (
    <Card className="w-full shadow-sm">
      <CardHeader className="flex-col gap-1 px-6 pt-6 pb-4">
        <h1 className="text-lg font-semibold tracking-tight">Sign in to Custos</h1>
        <CardDescription>Use the email address and password of your Custos account.</CardDescription>
      </CardHeader>
      <CardContent className="px-6 pb-6">
        <SignInForm action={signInAction} next={next} />
      </CardContent>
      <CardFooter className="justify-center rounded-b-lg bg-muted/40 px-6">
        <span>
          New to Custos?{' '}
          <Link href="/sign-up" className="rounded-sm font-medium text-link hover:underline">
            Create an account
          </Link>
        </span>
      </CardFooter>
    </Card>
  );
}
