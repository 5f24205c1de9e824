import pino from 'pino';

/**
 * Structured JSON logs. Secrets never reach a log line: the redact list covers the fields that could
 * carry them, and callers log ids, not bodies.
 */
/**
 * Errors as logged: name, message and stack, and the `cause` chain the same way. A failed query's parameters
 * (drizzle puts them in `params` and in the message after "params:") may hold tokens, hashes or mail bodies
 * with links: they are cut off; the SQL text stays.
 */
export function errorSerializer(error: unknown, depth = 0): unknown {
  if (!(error instanceof Error) || depth > 3) return error;
  const cut = (text: string | undefined) => text?.replace(/\nparams:[\s\S]*?(?=\n {4}at |$)/, '\nparams: [not logged]');
  const out: Record<string, unknown> = { type: error.name, message: cut(error.message), stack: cut(error.stack) };
  const code = (error as { code?: unknown }).code;
  if (code !== undefined) out.code = code;
  if ('query' in error) out.query = (error as { query?: unknown }).query;
  if (error.cause) out.cause = errorSerializer(error.cause, depth + 1);
  return out;
}

const globalLogger = globalThis as unknown as { __custosLogger?: pino.Logger };

export const logger: pino.Logger =
  globalLogger.__custosLogger ??
  (globalLogger.__custosLogger = pino({
    level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info'),
    base: { service: 'custos' },
    serializers: { err: errorSerializer },
    redact: {
      paths: [
        'password',
        '*.password',
        'token',
        '*.token',
        'authorization',
        '*.authorization',
        'headers.cookie',
        'headers.authorization',
        'secret',
        '*.secret',
      ],
      censor: '[redacted]',
    },
  }));
