import pino from 'pino';

/**
 * Structured JSON logs. Secrets never reach a log line: the redact list covers the fields that could
 * carry them, and callers log ids, not bodies.
 */
const globalLogger = globalThis as unknown as { __custosLogger?: pino.Logger };

export const logger: pino.Logger =
  globalLogger.__custosLogger ??
  (globalLogger.__custosLogger = pino({
    level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info'),
    base: { service: 'custos' },
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
