import { DrizzleAdapter } from '@auth/drizzle-adapter';
import { and, eq, sql, type SQL } from 'drizzle-orm';
import NextAuth, { CredentialsSignin, type NextAuthConfig } from 'next-auth';
import type { Adapter, AdapterUser } from 'next-auth/adapters';
import { decode } from 'next-auth/jwt';
import { cookies } from 'next/headers';
import type { Provider } from 'next-auth/providers';
import Credentials from 'next-auth/providers/credentials';
import GitHub from 'next-auth/providers/github';
import Google from 'next-auth/providers/google';
import { getDb, type Db } from '@/db/client';
import { accounts, users } from '@/db/schema';
import { recordPlatformAudit } from '@/lib/audit/record';
import { authenticate } from '@/lib/auth/authenticate';
import { hasSecondFactor } from '@/lib/auth/mfa/second-factor-status';
import { DEVICE_COOKIE, deviceCookieOptions, deviceTokenFrom, issueDeviceToken } from '@/lib/auth/device-cookie';
import { PENDING_SIGN_IN_COOKIE, pendingSignInCookieOptions } from '@/lib/auth/pending-sign-in-cookie';
import { createSession, revokeSession, SESSION_MAX_AGE_SECONDS, sessionActor } from '@/lib/auth/session';
import { issueSignInChallenge } from '@/lib/auth/sign-in-challenge';
import { signInWithPasskey } from '@/lib/auth/sign-in-with-passkey';
import { signInWithSecondFactor } from '@/lib/auth/sign-in-with-second-factor';
import type { Actor, RequestMeta } from '@/lib/context';
import { DomainError } from '@/lib/errors';
import { requestMeta } from '@/lib/http/request-meta';
import { now } from '@/lib/platform/clock';
import { env } from '@/lib/platform/env';
import { logger } from '@/lib/platform/logger';

/**
 * Auth.js (next-auth 5) for the console: email + password through `authenticate` (the same checks,
 * brute-force limits and audit as the token endpoint), plus GitHub, Google and any OIDC issuer when
 * their environment variables are set. JWT session strategy, but every sign-in is a `sessions` row whose
 * id rides in the cookie as `sid`, so sessions can be listed and revoked (lib/auth/session.ts refuses a
 * revoked one on its next request). OAuth identities attach to an existing account only when both the
 * provider and the account vouch for the email address.
 */

/** Why a password sign-in failed; the form turns each into words without revealing whether the email exists. */
export const SIGN_IN_ERROR = {
  invalidCredentials: 'invalid_credentials',
  rateLimited: 'rate_limited',
  emailUnverified: 'email_unverified',
  /** The password was right; the second factor is next (the pending step rides in the custos-mfa cookie). */
  secondFactorRequired: 'mfa_required',
  /** A wrong code, or a passkey that was not accepted. */
  invalidCode: 'invalid_code',
  /** The pending second step expired (5 minutes) or was used: start again with the password. */
  stepExpired: 'mfa_expired',
  accountDeactivated: 'account_deactivated',
} as const;

class InvalidCredentials extends CredentialsSignin {
  code = SIGN_IN_ERROR.invalidCredentials;
}
class EmailUnverified extends CredentialsSignin {
  code = SIGN_IN_ERROR.emailUnverified;
}
class SecondFactorNeeded extends CredentialsSignin {
  code = SIGN_IN_ERROR.secondFactorRequired;
}
class InvalidCode extends CredentialsSignin {
  code = SIGN_IN_ERROR.invalidCode;
}
class StepExpired extends CredentialsSignin {
  code = SIGN_IN_ERROR.stepExpired;
}
class AccountDeactivated extends CredentialsSignin {
  code = SIGN_IN_ERROR.accountDeactivated;
}
export class RateLimitedSignIn extends CredentialsSignin {
  code = SIGN_IN_ERROR.rateLimited;
  constructor(readonly retryAfterSeconds: number) {
    super();
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type OAuthProviderInfo = { id: 'github' | 'google' | 'oidc'; name: string };

/** The OAuth/OIDC providers this deployment offers (for the sign-in page's buttons). */
export function configuredOAuthProviders(): OAuthProviderInfo[] {
  const e = env();
  const list: OAuthProviderInfo[] = [];
  if (e.AUTH_GITHUB_ID && e.AUTH_GITHUB_SECRET) list.push({ id: 'github', name: 'GitHub' });
  if (e.AUTH_GOOGLE_ID && e.AUTH_GOOGLE_SECRET) list.push({ id: 'google', name: 'Google' });
  if (e.AUTH_OIDC_ISSUER && e.AUTH_OIDC_ID && e.AUTH_OIDC_SECRET) list.push({ id: 'oidc', name: e.AUTH_OIDC_NAME ?? 'Single sign-on' });
  return list;
}

type GitHubEmail = { email: string; primary: boolean; verified: boolean };

/**
 * GitHub's user profile, with the email chosen among the *verified* addresses (Auth.js's default takes
 * the primary one whether verified or not) and `email_verified` saying whether it is.
 */
async function githubUserinfo({ tokens }: { tokens: { access_token?: string } }): Promise<Record<string, unknown>> {
  const headers = { Authorization: `Bearer ${tokens.access_token}`, 'User-Agent': 'custos', Accept: 'application/vnd.github+json' };
  const profile = (await fetch('https://api.github.com/user', { headers }).then((res) => res.json())) as Record<string, unknown>;
  const res = await fetch('https://api.github.com/user/emails', { headers });
  if (res.ok) {
    const emails = (await res.json()) as GitHubEmail[];
    const chosen = emails.find((e) => e.primary && e.verified) ?? emails.find((e) => e.verified);
    if (chosen) return { ...profile, email: chosen.email, email_verified: true };
    return { ...profile, email: profile.email ?? emails.find((e) => e.primary)?.email ?? null, email_verified: false };
  }
  // GitHub lets only a verified address be the public profile email.
  return { ...profile, email_verified: typeof profile.email === 'string' };
}

/** Whether the provider vouches for the email address it gave us. */
function providerEmailVerified(provider: string, profile: Record<string, unknown> | undefined): boolean {
  if (!profile) return false;
  if (provider === 'github') return profile.email_verified !== false && typeof profile.email === 'string';
  // Google and generic OIDC: the standard claim. A missing claim is not a verified address.
  return profile.email_verified === true || profile.email_verified === 'true';
}

function oauthProviders(): Provider[] {
  const e = env();
  const providers: Provider[] = [];
  if (e.AUTH_GITHUB_ID && e.AUTH_GITHUB_SECRET) {
    providers.push(
      GitHub({
        clientId: e.AUTH_GITHUB_ID,
        clientSecret: e.AUTH_GITHUB_SECRET,
        allowDangerousEmailAccountLinking: true,
        userinfo: { url: 'https://api.github.com/user', request: githubUserinfo },
      }),
    );
  }
  if (e.AUTH_GOOGLE_ID && e.AUTH_GOOGLE_SECRET) {
    providers.push(Google({ clientId: e.AUTH_GOOGLE_ID, clientSecret: e.AUTH_GOOGLE_SECRET, allowDangerousEmailAccountLinking: true }));
  }
  if (e.AUTH_OIDC_ISSUER && e.AUTH_OIDC_ID && e.AUTH_OIDC_SECRET) {
    providers.push({
      id: 'oidc',
      name: e.AUTH_OIDC_NAME ?? 'Single sign-on',
      type: 'oidc',
      issuer: e.AUTH_OIDC_ISSUER,
      clientId: e.AUTH_OIDC_ID,
      clientSecret: e.AUTH_OIDC_SECRET,
      allowDangerousEmailAccountLinking: true,
    });
  }
  return providers;
}

const adapterUserColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  emailVerified: users.emailVerified,
  image: users.image,
};

/**
 * The Drizzle adapter on our `users`/`accounts` tables, with what Custos needs on top: emails matched
 * case-insensitively and stored lowercased, a name even when the provider has none, an OAuth user
 * created verified only when the provider vouches for the address, and no password hash handed out.
 */
function custosAdapter(db: Db, state: { providerEmailVerified: boolean }): Adapter {
  const base = DrizzleAdapter(db, { usersTable: users, accountsTable: accounts });
  const one = async (where: SQL | undefined) =>
    ((await db.select(adapterUserColumns).from(users).where(where).limit(1))[0] as AdapterUser | undefined) ?? null;
  return {
    ...base,
    async createUser(user) {
      const email = user.email.trim().toLowerCase();
      const name = user.name?.trim() || email.split('@')[0];
      const [row] = await db
        .insert(users)
        .values({ email, name, image: user.image ?? null, emailVerified: state.providerEmailVerified ? now() : null })
        .returning(adapterUserColumns);
      return row;
    },
    getUser: async (id) => (UUID.test(id) ? one(eq(users.id, id)) : null),
    getUserByEmail: async (email) => one(sql`lower(${users.email}) = ${email.trim().toLowerCase()}`),
    async getUserByAccount({ provider, providerAccountId }) {
      const [row] = await db
        .select(adapterUserColumns)
        .from(accounts)
        .innerJoin(users, eq(users.id, accounts.userId))
        .where(and(eq(accounts.provider, provider), eq(accounts.providerAccountId, providerAccountId)))
        .limit(1);
      return row ?? null;
    },
  };
}

/**
 * After a password sign-in: the browser's device cookie (lib/auth/device-cookie.ts), set through Next's
 * cookie store (the sign-in server action and the Auth.js route both run in a request scope).
 */
async function rememberDevice(email: string): Promise<void> {
  let jar: Awaited<ReturnType<typeof cookies>>;
  try {
    jar = await cookies();
  } catch {
    return; // Called outside a Next.js request (tests calling the handlers directly): no cookie store.
  }
  jar.set(DEVICE_COOKIE, issueDeviceToken(email), deviceCookieOptions());
}

/** The pending second step's cookie: set after the right password of a person with a second factor, cleared when done. */
async function setPendingSignIn(token: string | null): Promise<void> {
  let jar: Awaited<ReturnType<typeof cookies>>;
  try {
    jar = await cookies();
  } catch {
    return; // outside a Next.js request (tests calling the handlers directly)
  }
  if (token) jar.set(PENDING_SIGN_IN_COOKIE, token, pendingSignInCookieOptions());
  else jar.delete(PENDING_SIGN_IN_COOKIE);
}

/** A domain error of a second-factor or passkey step, as the CredentialsSignin the sign-in pages turn into words. */
function secondStepError(error: unknown): unknown {
  if (!(error instanceof DomainError)) return error;
  if (error.code === 'rate_limited') return new RateLimitedSignIn(Number(error.headers?.['Retry-After'] ?? 60));
  if (error.code === 'invalid_code') return new InvalidCode();
  if (error.code === 'email_unverified') return new EmailUnverified();
  if (error.code === 'account_deactivated') return new AccountDeactivated();
  if (error.code === 'unauthenticated') return new StepExpired();
  if (error.code === 'validation_failed') return new InvalidCode();
  return error;
}

const userActor = (user: { id: string; name: string; email: string }): Actor => ({
  type: 'user',
  id: user.id,
  name: user.name,
  email: user.email,
  isPlatformAdmin: false,
});

/**
 * Built per request (Auth.js's lazy initialisation), so OAuth sessions get the request's IP and user
 * agent, and what the signIn callback learns about the provider's email reaches createUser.
 */
async function config(request: Request | undefined): Promise<NextAuthConfig> {
  const db = await getDb();
  const meta: RequestMeta = request ? requestMeta(request) : { requestId: crypto.randomUUID() };
  const state = { providerEmailVerified: false };

  /**
   * An OAuth/OIDC sign-in of a person who has a second factor is only the first half, like a password: no session yet,
   * the pending step in its cookie, and on to the second step.
   */
  const secondFactorFirst = async (userId: string): Promise<true | string> => {
    if (!(await hasSecondFactor(db, userId))) return true;
    await setPendingSignIn(await issueSignInChallenge(db, userId, 'browser'));
    return '/sign-in/verify';
  };

  return {
    secret: env().AUTH_SECRET,
    trustHost: true,
    session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: '/sign-in', error: '/sign-in' },
    adapter: custosAdapter(db, state),
    providers: [
      Credentials({
        id: 'credentials',
        name: 'Email and password',
        credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
        async authorize(credentials, req) {
          const signInMeta = requestMeta(req);
          try {
            const user = await authenticate({ email: credentials?.email, password: credentials?.password }, signInMeta, {
              deviceToken: deviceTokenFrom(req.headers.get('cookie')),
            });
            await rememberDevice(user.email);
            if (user.hasSecondFactor) {
              await setPendingSignIn(await issueSignInChallenge(db, user.id, 'browser'));
              throw new SecondFactorNeeded();
            }
            const session = await createSession(db, user.id, { ...signInMeta, kind: 'browser', authMethod: 'password' });
            return { id: user.id, email: user.email, name: user.name, sessionId: session.id };
          } catch (error) {
            if (error instanceof DomainError) {
              if (error.code === 'rate_limited') throw new RateLimitedSignIn(Number(error.headers?.['Retry-After'] ?? 60));
              if (error.code === 'email_unverified') throw new EmailUnverified();
              if (error.code === 'account_deactivated') throw new AccountDeactivated();
              if (error.code === 'validation_failed' || error.code === 'unauthenticated') throw new InvalidCredentials();
            }
            throw error;
          }
        },
      }),
      Credentials({
        id: 'second-factor',
        name: 'Authenticator app or recovery code',
        credentials: { mfaToken: { type: 'text' }, code: { label: 'Code', type: 'text' } },
        async authorize(credentials, req) {
          try {
            const { user, sessionId } = await signInWithSecondFactor(
              { mfaToken: credentials?.mfaToken, code: credentials?.code },
              requestMeta(req),
            );
            await setPendingSignIn(null);
            return { id: user.id, email: user.email, name: user.name, sessionId };
          } catch (error) {
            throw secondStepError(error);
          }
        },
      }),
      Credentials({
        id: 'passkey',
        name: 'Passkey',
        credentials: { challengeId: { type: 'text' }, response: { type: 'text' }, mfaToken: { type: 'text' } },
        async authorize(credentials, req) {
          try {
            let response: unknown = null;
            try {
              response = JSON.parse(typeof credentials?.response === 'string' ? credentials.response : '');
            } catch {
              throw new InvalidCode();
            }
            const mfaToken = typeof credentials?.mfaToken === 'string' && credentials.mfaToken ? credentials.mfaToken : undefined;
            const { user, sessionId } = await signInWithPasskey(
              { challengeId: credentials?.challengeId, response, mfaToken },
              requestMeta(req),
            );
            await setPendingSignIn(null);
            return { id: user.id, email: user.email, name: user.name, sessionId };
          } catch (error) {
            throw secondStepError(error);
          }
        },
      }),
      ...oauthProviders(),
    ],
    callbacks: {
      /**
       * OAuth/OIDC: an identity already linked signs in; a new email makes a new account; an email that
       * belongs to an existing account links to it only when the provider has verified the address and
       * so has the account (otherwise whoever registered it first could be someone else).
       */
      async signIn({ user, account, profile }) {
        if (!account || account.type === 'credentials') return true;
        const verified = providerEmailVerified(account.provider, profile);
        state.providerEmailVerified = verified;
        const [linked] = await db
          .select({ userId: accounts.userId })
          .from(accounts)
          .where(and(eq(accounts.provider, account.provider), eq(accounts.providerAccountId, account.providerAccountId)))
          .limit(1);
        if (linked) return secondFactorFirst(linked.userId);
        const email = (typeof profile?.email === 'string' ? profile.email : user.email)?.trim().toLowerCase();
        if (!email) return '/sign-in?error=OAuthNoEmail';
        const [local] = await db
          .select({ id: users.id, emailVerified: users.emailVerified })
          .from(users)
          .where(sql`lower(${users.email}) = ${email}`)
          .limit(1);
        if (!local) return true;
        if (!verified || !local.emailVerified) return '/sign-in?error=OAuthAccountNotLinked';
        return secondFactorFirst(local.id);
      },
      async jwt({ token, user, account }) {
        if (!account || !user) return token;
        // Signing in: the token carries the user and the id of the session row.
        if (account.type === 'credentials') {
          const sessionId = (user as { sessionId?: string }).sessionId;
          if (!sessionId) return null;
          return { ...token, sub: user.id, sid: sessionId };
        }
        const userId = user.id!;
        const sessionId = await db.transaction(async (tx) => {
          const session = await createSession(tx, userId, { ...meta, kind: 'browser', authMethod: 'oauth' });
          await tx
            .update(users)
            .set({ lastSignInAt: sql`now()` })
            .where(eq(users.id, userId));
          await recordPlatformAudit(tx, userActor({ id: userId, name: user.name ?? '', email: user.email ?? '' }), meta, {
            action: 'user.signed_in',
            targetType: 'user',
            targetId: userId,
            after: { provider: account.provider },
          });
          return session.id;
        });
        return { ...token, sub: userId, sid: sessionId };
      },
      session({ session, token }) {
        if (typeof token.sub === 'string') session.user.id = token.sub;
        return { ...session, sessionId: typeof token.sid === 'string' ? token.sid : undefined };
      },
    },
    jwt: {
      /** A cookie whose session row was revoked or has expired is no session at all, on every Auth.js path. */
      async decode(params) {
        const token = await decode(params);
        if (!token || typeof token.sid !== 'string' || typeof token.sub !== 'string') return null;
        if (!UUID.test(token.sid) || !UUID.test(token.sub)) return null;
        return (await sessionActor(token.sid, token.sub)) ? token : null;
      },
    },
    events: {
      async signOut(message) {
        const token = 'token' in message ? message.token : null;
        if (!token || typeof token.sid !== 'string' || typeof token.sub !== 'string') return;
        const actor = await sessionActor(token.sid, token.sub);
        await db.transaction(async (tx) => {
          await revokeSession(tx, token.sid as string);
          await recordPlatformAudit(tx, actor, meta, {
            action: 'user.signed_out',
            targetType: 'session',
            targetId: token.sid as string,
            after: { userId: token.sub },
          });
        });
      },
      async createUser({ user }) {
        await recordPlatformAudit(db, null, meta, {
          action: 'user.created',
          targetType: 'user',
          targetId: user.id,
          after: { email: user.email, verified: Boolean((user as AdapterUser).emailVerified), via: 'oauth' },
        });
      },
      async linkAccount({ user, account }) {
        await recordPlatformAudit(db, null, meta, {
          action: 'user.account_linked',
          targetType: 'user',
          targetId: user.id,
          after: { provider: account.provider },
        });
      },
    },
    logger: {
      error(error) {
        // A wrong password is an answer, not a server problem.
        if ((error as { type?: string }).type === 'CredentialsSignin') return;
        logger.warn({ err: { name: error.name, message: error.message } }, 'auth error');
      },
      warn(code) {
        logger.warn({ code }, 'auth warning');
      },
      debug() {},
    },
  };
}

export const { handlers, auth, signIn, signOut } = NextAuth(config);
