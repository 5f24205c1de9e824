import type { z } from 'zod';
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

/** Parse input with a domain schema or throw 400 `validation_failed` naming each bad field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw validationFailed(fieldErrors(result.error));
  return result.data;
}
