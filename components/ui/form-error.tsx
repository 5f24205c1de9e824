import * as React from 'react';
import { Alert } from './alert';

export type FormErrorProps = {
  /**
   * What went wrong, in one sentence people can act on ("The password is not correct."). Nothing shows while it is
   * empty, so `<FormError message={serverError} />` stays in the form.
   */
  message?: string | null;
  /** A second line with the detail or the next step (a link), when the message alone does not say it. */
  detail?: React.ReactNode;
  /** Classes of the alert box (spacing such as `mb-4`). */
  className?: string;
  'data-testid'?: string;
};

/**
 * The one way a form or dialog reports a failed submit: a single danger alert above the fields or the buttons. The
 * live region (role="alert") stays in the page while empty, so screen readers announce the message when it appears.
 * Field problems stay on their fields (FormField's `error`); this is for what the server refused.
 *
 * One message per error: when a form or dialog shows a FormError it does not also raise a toast, and the server's
 * answer is not repeated in a field, the alert and a toast in three wordings. Toasts are for successes, and for
 * failures of actions that have no form (a button in a table row).
 */
export function FormError({ message, detail, className, 'data-testid': testId }: FormErrorProps) {
  return (
    <div role="alert" aria-atomic="true" className="empty:hidden">
      {message ? (
        <Alert tone="danger" title={message} className={className} data-testid={testId}>
          {detail}
        </Alert>
      ) : null}
    </div>
  );
}
