import { csvRecord } from '@/lib/http/csv';
import { DECISION_WORDS, type AccessReviewReportData } from './report-data';

/** The CSV's columns, in order (one record per item: a reviewer's decision on one member). */
export const ACCESS_REVIEW_REPORT_COLUMNS = [
  'campaign_id',
  'campaign',
  'report',
  'member',
  'member_email',
  'membership_id',
  'access_at_start',
  'reviewer',
  'reviewer_id',
  'decision',
  'requested_change',
  'comment',
  'decided_at',
  'signed_by',
  'signature_meaning',
  'signed_at',
  'signature_record_hash',
  'signature_id',
  'resulting_change',
  'closed_by',
  'closed_at',
  'closing_signature_id',
] as const;

/**
 * The report as CSV (RFC 4180, CRLF, formula-safe as every Custos export: lib/http/csv.ts): a header record, then
 * one record per item with the campaign, the member and their access at the start, the reviewer, the decision,
 * comment and time, the reviewer's signature (printed name, meaning, time, record hash) and the resulting change,
 * and the owner's closing signature. `report` is `final` or `draft`. Times are ISO 8601 UTC.
 */
export function accessReviewReportCsv(data: AccessReviewReportData): string {
  const c = data.campaign;
  let out = csvRecord(ACCESS_REVIEW_REPORT_COLUMNS);
  for (const item of data.items) {
    out += csvRecord([
      c.id,
      c.name,
      data.draft ? 'draft' : 'final',
      item.member.name,
      item.member.email,
      item.member.membershipId,
      item.accessAtStart,
      item.reviewer.name,
      item.reviewer.id,
      item.decision ? DECISION_WORDS[item.decision].toLowerCase() : null,
      item.requestedChange || null,
      item.comment,
      item.decidedAt,
      item.signature?.signerName ?? null,
      item.signature?.meaning ?? null,
      item.signature?.signedAt ?? null,
      item.signature?.recordHash ?? null,
      item.signature?.id ?? null,
      item.resultingChange || null,
      data.closing?.signerName ?? null,
      c.closedAt,
      data.closing?.id ?? null,
    ]);
  }
  return out;
}
