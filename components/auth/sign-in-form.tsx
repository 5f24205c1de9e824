'use client';

import * as React from 'react';
import Link from 'next/link';
import { unstable_rethrow } from 'next/navigation';
import { useForm, useWatch } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { Building2, Eye, EyeOff } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { FormError } from '@/components/ui/form-error';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import {
  discoverableEmail,
  signInSchema,
  type SignInAction,
  type SignInInput,
  type SignInValues,
  type SsoDiscoveryAction,
} from './sign-in-schema';

export { signInSchema, safeNextPath } from './sign-in-schema';
export type { SignInAction, SignInValues } from './sign-in-schema';

export type SignInFormProps = {
  /** Signs in; returns `{ error }` to show above the form, or redirects. */
  action: SignInAction;
  /** A safe path to continue to afterwards (from `?next=`). */
  next?: string;
  /** The address to start with (`?email=`, e.g. from an invitation). */
  email?: string;
  /** Email first: where the typed address signs in (its company's SSO, or here). Absent: password only. */
  discover?: SsoDiscoveryAction;
};

/** How long typing must pause before the address is looked up. */
const DISCOVERY_PAUSE_MS = 300;

/**
 * Where each typed address signs in, asked once per address: `{ url }` for its company's SSO, null for here. The
 * answer of the address now in the field is `current` (undefined while it is being asked); `settle` waits for it.
 */
function useSsoDiscovery(email: string, next: string | undefined, discover: SsoDiscoveryAction | undefined) {
  const answers = React.useRef(new Map<string, Promise<{ url: string } | null>>());
  const [known, setKnown] = React.useState<{ email: string; sso: { url: string } | null } | null>(null);
  const ask = React.useCallback(
    (address: string) => {
      if (!discover) return Promise.resolve(null);
      let answer = answers.current.get(address);
      if (!answer) {
        answer = discover(address, next).catch(() => null);
        answers.current.set(address, answer);
      }
      return answer;
    },
    [discover, next],
  );
  const address = discoverableEmail(email);
  React.useEffect(() => {
    if (!address || !discover) return;
    let live = true;
    const timer = setTimeout(() => {
      void ask(address).then((sso) => {
        if (live) setKnown({ email: address, sso });
      });
    }, DISCOVERY_PAUSE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [address, ask, discover]);
  const current = address && known?.email === address ? known.sso : null;
  return { sso: current, settle: () => (address ? ask(address) : Promise.resolve(null)) };
}

/**
 * Email first, then the password: the address is looked up as it is typed (and again on submit). An address whose
 * domain signs in through its company's SSO goes there (the password field gives way to a button); any other keeps
 * the password field, validated with `signInSchema` in the browser and again by the action.
 */
export function SignInForm({ action, next, email, discover }: SignInFormProps) {
  const [serverError, setServerError] = React.useState<{ message: string; action?: { href: string; label: string } } | null>(null);
  const [showPassword, setShowPassword] = React.useState(false);
  const [leaving, setLeaving] = React.useState(false);
  const {
    register,
    handleSubmit,
    setFocus,
    control,
    formState: { errors, isSubmitting },
  } = useForm<SignInInput, unknown, SignInValues>({
    resolver: zodResolver(signInSchema),
    defaultValues: { email: email ?? '', password: '', next: next ?? '' },
    mode: 'onTouched',
  });
  const discovery = useSsoDiscovery(useWatch({ control, name: 'email' }) ?? '', next, discover);
  const sso = discovery.sso;

  const goToSso = (url: string) => {
    setLeaving(true);
    window.location.assign(url);
  };

  const signInHere = handleSubmit(async (values) => {
    setServerError(null);
    try {
      const result = await action({ ...values, next: values.next || undefined });
      if (result?.error) {
        setServerError({ message: result.error, action: result.action });
        setFocus('password');
      }
    } catch (error) {
      unstable_rethrow(error); // a redirect after signing in is not an error
      setServerError({ message: 'We could not reach Custos. Check your connection and try again.' });
    }
  });

  const onSubmit = async (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    // The address decides first: its company's SSO, whatever was typed as a password.
    const known = await discovery.settle();
    if (known) return goToSso(known.url);
    await signInHere(event);
  };

  return (
    <div>
      {/* The live region stays in the DOM so the message is announced when it appears. */}
      <FormError
        message={serverError?.message}
        className="mb-4"
        detail={
          serverError?.action ? (
            <Link href={serverError.action.href} className="rounded-sm font-medium text-link underline underline-offset-2">
              {serverError.action.label}
            </Link>
          ) : null
        }
      />
      <form onSubmit={(event) => void onSubmit(event)} method="post" noValidate className="grid gap-4" aria-label="Sign in">
        <input type="hidden" {...register('next')} />
        <FormField label="Email" error={errors.email?.message}>
          <Input
            type="email"
            autoComplete="username"
            inputMode="email"
            autoCapitalize="none"
            spellCheck={false}
            placeholder="name@company.com"
            className="h-9"
            {...register('email')}
          />
        </FormField>
        {sso ? (
          <p className="flex items-start gap-2 rounded-md border border-border bg-muted/40 p-3 text-[13px]" role="status">
            <Building2 aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-muted-foreground" />
            <span>Your organisation signs in with its own company account. Continue to its sign-in page.</span>
          </p>
        ) : null}
        <FormField
          className={sso ? 'hidden' : undefined}
          label="Password"
          error={errors.password?.message}
          labelAside={
            <Link href="/forgot-password" className="rounded-sm font-medium text-link hover:underline">
              Forgot password?
            </Link>
          }
        >
          <PasswordInput show={showPassword} onToggle={() => setShowPassword((s) => !s)} {...register('password')} />
        </FormField>
        {sso ? (
          <Button type="button" variant="primary" size="lg" pending={leaving} className="mt-1 w-full" onClick={() => goToSso(sso.url)}>
            Continue with your company account
          </Button>
        ) : (
          <Button type="submit" variant="primary" size="lg" pending={isSubmitting} className="mt-1 w-full">
            {isSubmitting ? 'Signing in…' : 'Sign in'}
          </Button>
        )}
      </form>
    </div>
  );
}

/** A password input with a show/hide button; id and aria attributes from FormField land on the input. */
function PasswordInput({ show, onToggle, className, ...props }: React.ComponentProps<'input'> & { show: boolean; onToggle: () => void }) {
  return (
    <div className="relative">
      <Input type={show ? 'text' : 'password'} autoComplete="current-password" className={cn('h-9 pr-9', className)} {...props} />
      <button
        type="button"
        onClick={onToggle}
        aria-label={show ? 'Hide password' : 'Show password'}
        aria-pressed={show}
        className="absolute inset-y-0 right-0 flex w-9 items-center justify-center rounded-r-md text-muted-foreground hover:text-foreground focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-ring"
      >
        {show ? <EyeOff aria-hidden="true" className="size-4" /> : <Eye aria-hidden="true" className="size-4" />}
      </button>
    </div>
  );
}
