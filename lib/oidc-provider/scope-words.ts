/**
 * What each OpenID scope lets an application see, in plain words (the consent page lists them). Pure: the page and
 * its components import it.
 */
export const SCOPE_WORDS: Record<string, string> = {
  openid: 'Who you are: your Custos account id and the tenant you sign in to',
  profile: 'Your name and picture',
  email: 'Your email address and whether it is verified',
  offline_access: 'Stay signed in after you close the application, until you sign out or access is removed',
};

/** The sentences for the scopes asked, in a fixed order; unknown scopes are named as they are. */
export function scopeSentences(scopes: readonly string[]): string[] {
  const known = Object.keys(SCOPE_WORDS).filter((scope) => scopes.includes(scope));
  const unknown = scopes.filter((scope) => !(scope in SCOPE_WORDS));
  return [...known.map((scope) => SCOPE_WORDS[scope]), ...unknown.map((scope) => `Access named "${scope}"`)];
}
