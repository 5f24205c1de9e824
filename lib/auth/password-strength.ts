import { ZxcvbnFactory, type ZxcvbnResult } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary as commonDictionary } from '@zxcvbn-ts/language-common';
import { dictionary as englishDictionary, translations } from '@zxcvbn-ts/language-en';

/**
 * The zxcvbn-ts estimator with the common and English dictionaries (about 1.5 MB of word lists). Loaded on demand
 * by lib/auth/password-policy.ts (a dynamic import), so pages that only show a password field do not carry it until
 * someone types a new password.
 */
let factory: ZxcvbnFactory | null = null;

export function estimateStrength(password: string, userInputs: string[]): ZxcvbnResult {
  factory ??= new ZxcvbnFactory({
    translations,
    graphs: adjacencyGraphs,
    dictionary: { ...commonDictionary, ...englishDictionary },
    // Levenshtein matching costs seconds per check on long passwords; the dictionaries and l33t matching suffice.
    useLevenshteinDistance: false,
    maxLength: 128,
  });
  return factory.check(password, userInputs);
}
