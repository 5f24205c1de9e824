import * as React from 'react';
import { Alert } from './alert';

export type FormErrorProps = {
  /**
   * What went wrong, in one sentence people can act on ("The password is not correct."). Nothing renders when it is
   * empty, so `<FormError message={serverError} />` can stay in the form.
   */
  message?: string | null;
  /** A second line with the detail or the next step, when the message alone does not say it. */
  detail?: React.ReactNode;
  className?: string;
  'data-testid'?: string;
};

/**
 * The one way a form or dialog reports a failed submit: a single danger alert above the buttons, announced once
 * (role="alert"). Field problems stay on their fields (FormField's `error`); this is for what the server refused.
 *
 * One message per error: when a dialog shows a FormError, it does not also raise a toast, and the server's answer
 * is not repeated in the field, the alert and a toast in three wordings. Toasts are for successes and for failures
 * of actions that have no form (a button in a table row).
 */
export function FormError({ message, detail, className, 'data-testid': testId }: FormErrorProps) {
  if (!message) return null;
  return (
    <Alert tone="danger" role="alert" aria-atomic="true" title={message} className={className} data-testid={testId}>
      {detail}
    </Alert>
  );
}
