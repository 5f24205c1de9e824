import { z } from 'zod';
import { validationFailed, type FieldError } from './errors';

/** Turn zod issues into `[{ path, message }]` with dotted paths (`characteristics.0.value`). */
export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => {
    let path = issue.path.map(String).join('.');
    let message = issue.message;
    if (issue.code === 'unrecognized_keys') {
      const keys = (issue as { keys: string[] }).keys;
      path = [path, keys[0]].filter(Boolean).join('.');
      message = `Unknown field${keys.length > 1 ? 's' : ''}: ${keys.join(', ')}`;
    }
    return { path: path || '(root)', message };
  });
}

/** Check input against a schema: first text the database cannot store (see below), then the schema. */
export function checkInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
): { ok: true; data: z.output<S> } | { ok: false; errors: FieldError[] } {
  const unstorable = unstorableTextErrors(input);
  if (unstorable.length > 0) return { ok: false, errors: unstorable };
  const result = schema.safeParse(input);
  return result.success ? { ok: true, data: result.data } : { ok: false, errors: fieldErrors(result.error) };
}

/** Parse input with a domain schema or throw 400 `validation_failed` naming each bad field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const checked = checkInput(schema, input);
  if (!checked.ok) throw validationFailed(checked.errors);
  return checked.data;
}

/** Arrays and plain objects (parsed JSON, query objects); not Buffers, Dates or Files, whose contents are not text. */
function isPlainContainer(node: unknown): node is object {
  if (Array.isArray(node)) return true;
  if (!node || typeof node !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(node);
  return proto === Object.prototype || proto === null;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Strings PostgreSQL cannot keep as text: a NUL character (text never holds U+0000) or a lone UTF-16
 * surrogate (not Unicode at all, so no UTF-8 for it). Checked on every API input before its schema, so such a
 * value is a 400 naming its field instead of a failed query. Walks at most `maxDepth` levels (the body reader
 * refuses deeper bodies anyway) without recursion.
 */
export function unstorableTextErrors(value: unknown, maxDepth = 64): FieldError[] {
  const errors: FieldError[] = [];
  const stack: Array<{ value: unknown; path: string[] }> = [{ value, path: [] }];
  while (stack.length > 0 && errors.length < 20) {
    const { value: node, path } = stack.pop()!;
    if (typeof node === 'string') {
      if (node.includes('\u0000')) errors.push({ path: path.join('.') || '(root)', message: 'Must not contain a NUL character.' });
      else if (LONE_SURROGATE.test(node))
        errors.push({ path: path.join('.') || '(root)', message: 'Must be valid Unicode text (a lone surrogate was sent).' });
    } else if (isPlainContainer(node) && path.length < maxDepth) {
      for (const [key, inner] of Object.entries(node)) stack.push({ value: inner, path: [...path, key] });
    }
  }
  return errors;
}

// ── Document-only shapes of output fields ────────────────────────────────────────────────────────────

/** A time the API writes: ISO-8601 in UTC (`2026-01-31T09:30:00.000Z`), `format: date-time` in the document. */
export const outputDateTime = () => z.string().meta({ format: 'date-time' });

/** A calendar date the API writes (`2027-06-30`), `format: date` in the document. */
export const outputDate = () => z.string().meta({ format: 'date' });

/** An email address the API writes, `format: email` in the document. */
export const outputEmail = () => z.string().meta({ format: 'email' });
