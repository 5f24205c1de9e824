import type { FieldError } from '@/lib/errors';
import { DomainError, isConnectionError } from '@/lib/errors';
import { logger } from '@/lib/platform/logger';

/** What a server action returns to its form: nothing on success, or a message and per-field errors. */
export type ActionResult = { error?: string; fieldErrors?: Record<string, string> } | undefined;

/**
 * Shape an error thrown by a domain function for a form: DomainErrors keep their message and name their
 * fields; a missing database says so; anything else is logged and answered with a generic message.
 */
export function actionError(error: unknown): NonNullable<ActionResult> {
  if (error instanceof DomainError) {
    const fieldErrors = Object.fromEntries((error.errors ?? []).map((e: FieldError) => [e.path, e.message]));
    return { error: error.message, ...(error.errors?.length ? { fieldErrors } : {}) };
  }
  if (isConnectionError(error)) return { error: 'Custos cannot reach its database right now. Try again in a moment.' };
  logger.error({ err: error }, 'server action failed');
  return { error: 'Something went wrong on our side. Try again.' };
}
