/** A LIKE / ILIKE pattern matching `text` anywhere, with `\`, `%` and `_` taken literally (PostgreSQL's default escape). */
export const containsPattern = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
