import type { AccessReviewChange, AccessReviewDecision, AccessReviewRecurrence, AccessReviewSnapshot } from '@/db/schema/access-reviews';

/**
 * What an access-review report shows (issue 21), already in words: the campaign's facts, the owner's closing
 * signature, and per item the member, their access when the campaign started, the reviewer, the decision with its
 * comment and time, the reviewer's signature (printed name, meaning, time, record hash) and the change it made.
 * Built from the database by `buildAccessReviewReport` (report.ts); the PDF (report-pdf.ts) and the CSV
 * (report-csv.ts) are pure functions of it.
 */
export type ReportSignature = { id: string; signerName: string; meaning: string; signedAt: string; recordHash: string | null };

export type AccessReviewReportItem = {
  id: string;
  member: { name: string; email: string; membershipId: string };
  reviewer: { id: string; name: string };
  /** The member's access when the campaign started, in words. */
  accessAtStart: string;
  decision: AccessReviewDecision | null;
  /** What the decision asked for, in words ("Remove role Editor (LIMS)"), or "" for keep / no decision. */
  requestedChange: string;
  comment: string | null;
  decidedAt: string | null;
  signature: ReportSignature | null;
  /** What the signature changed, in words; "No change" when it changed nothing; "" while unsigned. */
  resultingChange: string;
};

export type AccessReviewReportData = {
  tenant: { slug: string; name: string };
  /** When this report was made: the closing signature's time for the final report, the clock's for a draft. */
  generatedAt: string;
  /** A draft: the campaign is not closed and signed; every page says so. */
  draft: boolean;
  campaign: {
    id: string;
    name: string;
    scope: string;
    reviewers: string;
    owner: { id: string; name: string };
    dueOn: string;
    recurrence: AccessReviewRecurrence;
    startedAt: string;
    closedAt: string | null;
    previousCampaignId: string | null;
  };
  closing: ReportSignature | null;
  items: AccessReviewReportItem[];
};

export const DECISION_WORDS: Record<AccessReviewDecision, string> = { keep: 'Keep', revoke: 'Revoke', modify: 'Modify' };
export const RECURRENCE_WORDS: Record<AccessReviewRecurrence, string> = { none: 'One-off', quarterly: 'Quarterly', yearly: 'Yearly' };

/** `2027-03-01T09:30:00.000Z` → `2027-03-01 09:30:00 UTC`; empty → "-". */
export const utc = (iso: string | null | undefined): string => (iso ? `${iso.slice(0, 19).replace('T', ' ')} UTC` : '-');

/** A member's access at the start of the campaign in one line. */
export function accessInWords(snapshot: AccessReviewSnapshot): string {
  const roles = snapshot.roles.map(snapshotRoleName);
  const overrides = snapshot.overrides.map((o) => `${o.effect === 'allow' ? 'allow' : 'deny'} ${o.permission}`);
  const factor = [
    snapshot.secondFactor.totp ? 'authenticator app' : null,
    snapshot.secondFactor.passkeys ? `${snapshot.secondFactor.passkeys} passkey(s)` : null,
  ]
    .filter(Boolean)
    .join(' and ');
  return [
    `Status: ${snapshot.status}`,
    `Roles: ${roles.join(', ') || 'none'}`,
    `Teams: ${snapshot.teams.map((t) => t.name).join(', ') || 'none'}`,
    `Overrides: ${overrides.join(', ') || 'none'}`,
    `Systems: ${snapshot.systems.map((s) => s.name).join(', ') || 'none'}`,
    `Last active: ${snapshot.lastActiveAt ? utc(snapshot.lastActiveAt) : 'never'}`,
    `Second factor: ${factor || 'none'}`,
  ].join('; ');
}

/** Change as stored: the foundation's fields, plus modify's new role set and the notes of what no longer applied. */
type StoredChange = AccessReviewChange & { setRoleIds?: string[]; notes?: string[] };

/**
 * A change (requested or applied) in words. `roleName` names a role id (the snapshot's roles first, then the
 * tenant's); `done` says it happened ("Removed role X") rather than was asked for ("Remove role X").
 */
export function changeInWords(change: StoredChange | null | undefined, roleName: (id: string) => string, done: boolean): string {
  if (!change) return '';
  const parts: string[] = [];
  if (change.membership) parts.push(done ? 'Removed the membership' : 'Remove the membership');
  if (change.setRoleIds) parts.push(`Set roles to ${change.setRoleIds.map(roleName).join(', ') || 'none'}`);
  for (const id of change.roleIds ?? []) parts.push(`${done ? 'Removed' : 'Remove'} role ${roleName(id)}`);
  for (const permission of change.overrides ?? []) parts.push(`${done ? 'Removed' : 'Remove'} override ${permission}`);
  if (parts.length === 0 && done) parts.push('No change');
  for (const note of change.notes ?? []) parts.push(note);
  return parts.join('; ');
}

/** Role ids a change names (to look up the ones the snapshot does not know). */
export const roleIdsOf = (change: StoredChange | null | undefined): string[] => [...(change?.roleIds ?? []), ...(change?.setRoleIds ?? [])];

/** A snapshot's role as people call it: "Editor (LIMS)". */
export const snapshotRoleName = (role: AccessReviewSnapshot['roles'][number]): string =>
  role.system ? `${role.name} (${role.system})` : role.name;
