import { resolveTxt } from 'node:dns/promises';

/** Looks up the TXT records of a name: each record is a list of strings (DNS splits long values). */
export type TxtResolver = (name: string) => Promise<string[][]>;

/** The system resolver (node:dns). */
export const systemTxtResolver: TxtResolver = (name) => resolveTxt(name);

let current: TxtResolver = systemTxtResolver;

/** The resolver domain verification uses: the system's, unless a test put its own in. */
export function txtResolver(): TxtResolver {
  return current;
}

/**
 * For tests only: answer TXT lookups with `resolver` (null: back to the system's). DNS is outside the app like mail,
 * and a test cannot publish records on a real domain.
 */
export function setTxtResolverForTests(resolver: TxtResolver | null): void {
  current = resolver ?? systemTxtResolver;
}
