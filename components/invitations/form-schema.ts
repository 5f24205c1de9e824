'use client';

import type { FieldErrors, Resolver } from 'react-hook-form';

/**
 * The invite dialog checks its fields with the API's own schemas (lib/invitations/schemas.ts: inviteSchema and
 * bulkInviteSchema), loaded on first use: that module also holds the invitee's password policy, whose list of
 * common passwords must not ship in the page's first JavaScript (see components/auth/lazy-resolver.ts). The
 * server validates again and decides; its field errors come back beside the same fields.
 */

/** Addresses one bulk invitation may carry: mirrors BULK_INVITE_MAX (the server refuses more). */
export const BULK_MAX = 100;

export type InviteMode = 'single' | 'bulk';

/** One form for both modes: `email` (single) or `emails` (bulk, pasted text), and the same roles and teams. */
export type InviteFormValues = { email: string; emails: string; roles: string[]; teamIds: string[] };
export type InviteField = keyof InviteFormValues;

/** Addresses pasted one a line, or separated by commas, semicolons or spaces; empty pieces dropped. */
export function splitEmails(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((piece) => piece.trim())
    .filter(Boolean);
}

/** The form field an API error path belongs to: `email`, `roles.2` → roles, `teamIds.0` → teamIds, `emails.7` → emails. */
export function fieldOf(path: string, mode: InviteMode): InviteField | null {
  const head = path.split('.')[0];
  if (head === 'roles' || head === 'teamIds') return head;
  if (head === 'email') return mode === 'single' ? 'email' : 'emails';
  if (head === 'emails') return mode === 'bulk' ? 'emails' : 'email';
  return null;
}

type Schemas = typeof import('@/lib/invitations/schemas');
let loading: Promise<Schemas> | null = null;
function loadSchemas(): Promise<Schemas> {
  loading ??= import('@/lib/invitations/schemas').catch((error) => {
    loading = null; // a failed chunk load is retried on the next validation
    throw error;
  });
  return loading;
}

/** Fetch the schemas before the first submit needs them (call when the dialog opens). */
export const preloadInviteSchemas = () => void loadSchemas().catch(() => {});

/** The body each mode sends. */
export function bodyOf(values: InviteFormValues, mode: InviteMode) {
  const teamIds = values.teamIds.length ? values.teamIds : undefined;
  return mode === 'single'
    ? { email: values.email, roles: values.roles, teamIds }
    : { emails: splitEmails(values.emails), roles: values.roles, teamIds };
}

/**
 * react-hook-form resolver: validates the fields of the current mode (`context.mode`) with inviteSchema or
 * bulkInviteSchema; the values it passes on carry the address as the server will read it (trimmed, lower case).
 */
export const inviteResolver: Resolver<InviteFormValues, { mode: InviteMode }> = async (values, context) => {
  const mode = context?.mode ?? 'single';
  const m = await loadSchemas();
  const body = bodyOf(values, mode);
  const result = mode === 'single' ? m.inviteSchema.safeParse(body) : m.bulkInviteSchema.safeParse(body);
  if (result.success) {
    const email = 'email' in result.data ? result.data.email : values.email;
    return { values: { ...values, email }, errors: {} };
  }
  const errors: FieldErrors<InviteFormValues> = {};
  for (const issue of result.error.issues) {
    const field = fieldOf(issue.path.map(String).join('.'), mode);
    if (field && !errors[field]) errors[field] = { type: issue.code, message: issue.message };
  }
  return { values: {}, errors };
};
