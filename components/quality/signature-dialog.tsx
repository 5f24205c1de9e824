'use client';

import * as React from 'react';
import { PenLine } from 'lucide-react';
import { ApiError } from '@/components/api-client';
import { FormError } from '@/components/ui/form-error';
import { Button } from '@/components/ui/button';
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@/components/ui/dialog';
import { FieldError, FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import { Textarea } from '@/components/ui/textarea';
import type { Viewer } from './api';
import { MEANING_LABEL, MEANING_TEXT } from './status';

export type SignatureRequest = {
  /** The dialog's title, such as "Release batch PAR-001". */
  title: string;
  /** What is signed, in one line ("Batch ACM2607004 · Paracetamol 500 mg tablets"). */
  record: string;
  meaning: string;
  reasonRequired: boolean;
  /** The confirm button's word ("Sign and release"). */
  action: string;
  destructive?: boolean;
};

type Problem = { title: string; detail?: string; items?: string[] };
type FieldErrors = { password?: string; reason?: string };

/** A wrong password, said once, under the password field. */
const WRONG_PASSWORD =
  'The password is not right. Nothing was signed. Repeated wrong passwords lock your account for a while, as at sign-in.';

/**
 * What the server refused, said once: beside the field it concerns (a wrong password, a reason), or else as one
 * message above the fields (segregation_of_duties, release_blocked, invalid_transition, a lockout, …). Never both.
 */
function refusalOf(error: unknown): { fields: FieldErrors; problem: Problem | null } {
  if (!(error instanceof ApiError)) {
    return {
      fields: {},
      problem: {
        title: 'The signature was not made.',
        detail: error instanceof Error ? error.message : 'We could not reach Custos. Try again.',
      },
    };
  }
  if (error.code === 'signature_invalid' && error.errors.some((e) => e.path.startsWith('signature'))) {
    return { fields: { password: WRONG_PASSWORD }, problem: null };
  }
  switch (error.code) {
    case 'signature_invalid':
      return { fields: {}, problem: { title: 'The signature was not made.', detail: error.message } };
    case 'segregation_of_duties':
      return { fields: {}, problem: { title: 'Segregation of duties: someone else has to sign this.', detail: error.message } };
    case 'release_blocked':
      return {
        fields: {},
        problem: { title: 'Release is blocked.', items: error.errors.length ? error.errors.map((e) => e.message) : [error.message] },
      };
    case 'invalid_transition':
      return {
        fields: {},
        problem: {
          title: 'This move is no longer possible.',
          detail: `${error.message} The batch may have changed since the page loaded.`,
        },
      };
    case 'rate_limited':
      return { fields: {}, problem: { title: 'Signing is locked for now.', detail: error.message } };
  }
  if (error.status === 429) return { fields: {}, problem: { title: 'Signing is locked for now.', detail: error.message } };
  const fields: FieldErrors = {};
  const rest: string[] = [];
  for (const e of error.errors) {
    if (e.path === 'reason') fields.reason = e.message;
    else if (e.path.startsWith('signature')) fields.password = e.message;
    else rest.push(e.message);
  }
  // Every complaint sits beside its field: nothing more to say above them.
  if ((fields.reason || fields.password) && rest.length === 0) return { fields, problem: null };
  return { fields, problem: { title: 'The signature was not made.', detail: rest.length ? undefined : error.message, items: rest } };
}

/**
 * Whether the signature dialog may leave the password out: the tenant allows session signing and this person has
 * signed in this session (at page load, or since, in this page: call `signed()` after each signature).
 */
export function useSessionSigning(policy: Viewer['signingPolicy']): { passwordOptional: boolean; signed: () => void } {
  const [signedThisSession, setSigned] = React.useState(policy?.signedThisSession ?? false);
  return { passwordOptional: !!policy?.sessionSigning && signedThisSession, signed: () => setSigned(true) };
}

export type SignatureDialogProps = {
  request: SignatureRequest | null;
  /** The signer's printed name, as the signature will carry it. */
  signerName: string;
  onOpenChange: (open: boolean) => void;
  /** Sign: resolve when done (the dialog closes), throw the ApiError to show it. */
  onSign: (input: { password: string | undefined; reason: string | undefined }) => Promise<void>;
  /** The tenant lets this session sign again without the password (useSessionSigning): the field is optional. */
  passwordOptional?: boolean;
  /** Extra fields above the reason (a decision, say). */
  children?: React.ReactNode;
  /** false: no Reason field (the record carries its own, e.g. each access-review decision its comment). Default true. */
  withReason?: boolean;
};

/**
 * A Part 11 electronic signature: the meaning and the signer's printed name are shown before signing; the signer
 * gives the reason and re-enters their password. The server's refusals are shown plainly.
 */
export function SignatureDialog({
  request,
  signerName,
  onOpenChange,
  onSign,
  passwordOptional = false,
  children,
  withReason = true,
}: SignatureDialogProps) {
  const [password, setPassword] = React.useState('');
  const [reason, setReason] = React.useState('');
  const [pending, setPending] = React.useState(false);
  const [problem, setProblem] = React.useState<Problem | null>(null);
  const [fieldErrors, setFieldErrors] = React.useState<FieldErrors>({});
  const passwordField = React.useRef<HTMLInputElement>(null);
  const opener = React.useRef<HTMLElement | null>(null);
  const reasonField = React.useRef<HTMLTextAreaElement>(null);
  const open = request !== null;
  // Each request starts with empty fields (adjusted while rendering, not in an effect).
  const opening = open ? request.title : null;
  const [shownRequest, setShownRequest] = React.useState<string | null>(null);
  if (shownRequest !== opening) {
    setShownRequest(opening);
    if (opening !== null) {
      setPassword('');
      setReason('');
      setProblem(null);
      setFieldErrors({});
    }
  }

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!request) return;
    const errors: FieldErrors = {};
    const why = reason.trim();
    if (request.reasonRequired && why.length < 3) errors.reason = why ? 'At least 3 characters.' : 'Give a reason.';
    if (!password && !passwordOptional) errors.password = 'Re-enter your password to sign.';
    setFieldErrors(errors);
    setProblem(null);
    if (errors.reason) return reasonField.current?.focus();
    if (errors.password) return passwordField.current?.focus();
    setPending(true);
    setProblem(null);
    try {
      await onSign({ password: password || undefined, reason: why || undefined });
      setPassword('');
    } catch (error) {
      setPassword('');
      const refusal = refusalOf(error);
      setFieldErrors(refusal.fields);
      setProblem(refusal.problem);
      setPending(false);
      // Back to the field to correct (the password, unless only the reason was refused), once it is enabled again.
      requestAnimationFrame(() => (refusal.fields.reason && !refusal.fields.password ? reasonField : passwordField).current?.focus());
      return;
    }
    setPending(false);
  };

  return (
    <Dialog open={open} onOpenChange={(next) => (pending ? undefined : onOpenChange(next))}>
      <DialogContent
        className="max-w-lg"
        aria-describedby="signature-record"
        // Opened from a button (not a Radix trigger): note it, and give it the focus back when the dialog closes.
        onOpenAutoFocus={() => {
          opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
        }}
        onCloseAutoFocus={(event) => {
          if (!opener.current?.isConnected) return;
          event.preventDefault();
          opener.current.focus();
        }}
      >
        {request ? (
          <form onSubmit={(event) => void submit(event)} noValidate className="grid gap-4">
            <DialogHeader>
              <DialogTitle>{request.title}</DialogTitle>
              <DialogDescription id="signature-record">{request.record}</DialogDescription>
            </DialogHeader>
            <div className="grid gap-2 rounded-lg border border-border bg-muted/40 p-3 text-[13px]" data-testid="signature-manifest">
              <div className="flex items-center gap-2 text-xs font-medium tracking-wide text-muted-foreground uppercase">
                <PenLine aria-hidden="true" className="size-3.5" />
                Electronic signature
              </div>
              <dl className="grid grid-cols-[7rem_1fr] gap-x-3 gap-y-1">
                <dt className="text-muted-foreground">Meaning</dt>
                <dd className="font-medium" data-testid="signature-meaning">
                  {MEANING_LABEL[request.meaning] ?? request.meaning}
                </dd>
                <dt className="text-muted-foreground">Signed by</dt>
                <dd className="font-medium" data-testid="signature-signer">
                  {signerName}
                </dd>
                <dt className="text-muted-foreground">Time</dt>
                <dd>Recorded by the server when you sign</dd>
              </dl>
              <p className="text-muted-foreground">
                {MEANING_TEXT[request.meaning]} Your electronic signature is the legal equivalent of your handwritten signature.
              </p>
            </div>
            <FormError
              message={problem?.title}
              data-testid="signature-error"
              detail={
                problem?.detail || problem?.items?.length ? (
                  <>
                    {problem.detail ? <p>{problem.detail}</p> : null}
                    {problem.items?.length ? (
                      <ul className="mt-1 list-disc pl-4">
                        {problem.items.map((item) => (
                          <li key={item}>{item}</li>
                        ))}
                      </ul>
                    ) : null}
                  </>
                ) : undefined
              }
            />
            {children}
            {withReason ? (
              <FormField
                label="Reason"
                optional={!request.reasonRequired}
                error={fieldErrors.reason}
                description="Kept with the signature and in the audit trail."
              >
                <Textarea
                  ref={reasonField}
                  rows={2}
                  value={reason}
                  onChange={(e) => {
                    setReason(e.target.value);
                    setFieldErrors((f) => ({ ...f, reason: undefined }));
                  }}
                  maxLength={1000}
                />
              </FormField>
            ) : null}
            <div className="grid gap-1.5">
              <FormField
                id="signature-password"
                label="Your password"
                optional={passwordOptional}
                description={
                  passwordOptional
                    ? `You signed with your password earlier in this session, and this organisation lets later signatures of a session use it (21 CFR 11.200(a)(1)(i)). Leave it empty to sign as ${signerName}.`
                    : `Re-enter the password of ${signerName} to sign.`
                }
              >
                <Input
                  ref={passwordField}
                  type="password"
                  autoComplete="current-password"
                  value={password}
                  aria-invalid={fieldErrors.password ? true : undefined}
                  aria-describedby={`signature-password-description${fieldErrors.password ? ' signature-password-error' : ''}`}
                  onChange={(e) => {
                    setPassword(e.target.value);
                    setFieldErrors((f) => ({ ...f, password: undefined }));
                  }}
                />
              </FormField>
              {/* The password's one message (a wrong password too): under the field, not repeated above. */}
              {fieldErrors.password ? (
                <FieldError id="signature-password-error" data-testid="signature-error">
                  {fieldErrors.password}
                </FieldError>
              ) : null}
            </div>
            <DialogFooter>
              <DialogClose asChild>
                <Button type="button" disabled={pending}>
                  Cancel
                </Button>
              </DialogClose>
              <Button type="submit" variant={request.destructive ? 'destructive' : 'primary'} pending={pending}>
                <PenLine aria-hidden="true" />
                {request.action}
              </Button>
            </DialogFooter>
          </form>
        ) : null}
      </DialogContent>
    </Dialog>
  );
}
