import { env } from '@/lib/platform/env';

/** The relying party of every WebAuthn ceremony: Custos at APP_URL (rpID its hostname, the expected origin its origin). */
export function relyingParty(): { rpName: string; rpID: string; origin: string } {
  const url = new URL(env().APP_URL);
  return { rpName: 'Custos', rpID: url.hostname, origin: url.origin };
}
