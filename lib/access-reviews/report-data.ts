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
  const roles = snapshot.roles.map((r) => (r.system ? `${r.name} (${r.system})` : r.name));
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

/** A change (requested or applied) in words, naming roles as the snapshot did. */
export function changeInWords(change: AccessReviewChange | null | undefined, snapshot: AccessReviewSnapshot, done: boolean): string {
  if (!change) return '';
  const parts: string[] = [];
  if (change.membership) parts.push(done ? 'Removed the membership' : 'Remove the membership');
  for (const id of change.roleIds ?? []) {
    const role = snapshot.roles.find((r) => r.id === id);
    const name = role ? (role.system ? `${role.name} (${role.system})` : role.name) : id;
    parts.push(`${done ? 'Removed' : 'Remove'} role ${name}`);
  }
  for (const permission of change.overrides ?? []) parts.push(`${done ? 'Removed' : 'Remove'} override ${permission}`);
  return parts.join('; ') || (done ? 'No change' : '');
}
