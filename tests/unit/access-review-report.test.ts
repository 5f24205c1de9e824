import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { ACCESS_REVIEW_REPORT_COLUMNS, accessReviewReportCsv } from '@/lib/access-reviews/report-csv';
import { accessInWords, changeInWords, type AccessReviewReportData, type AccessReviewReportItem } from '@/lib/access-reviews/report-data';
import { accessReviewReportPdf, DRAFT_NOTICE } from '@/lib/access-reviews/report-pdf';
import { parseCsv } from '../support/csv';
import { pdfText } from '../support/pdf-text';

// The report's PDF and CSV as pure functions of the report data: every item on some page, page breaks with
// "Page n of m" and (for a draft) the DRAFT notice on every page, text readable back, CSV quoted and formula-safe.

const hash = (n: number) => n.toString(16).padStart(64, 'a');

function item(n: number, over: Partial<AccessReviewReportItem> = {}): AccessReviewReportItem {
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    member: { name: `Member ${n}`, email: `member${n}@example.com`, membershipId: `m-${n}` },
    reviewer: { id: 'r-1', name: 'Rita Reviewer' },
    accessAtStart: 'Status: active; Roles: operator, viewer; Teams: none',
    decision: n % 3 === 0 ? 'revoke' : 'keep',
    requestedChange: n % 3 === 0 ? 'Remove role operator' : '',
    comment: n % 3 === 0 ? `No longer on line ${n}` : null,
    decidedAt: '2027-03-01T10:00:00.000Z',
    signature: {
      id: `s-${n}`,
      signerName: 'Rita Reviewer',
      meaning: 'reviewed',
      signedAt: '2027-03-02T11:30:00.000Z',
      recordHash: hash(n),
    },
    resultingChange: n % 3 === 0 ? 'Removed role operator' : 'No change',
    ...over,
  };
}

function data(items: AccessReviewReportItem[], draft: boolean): AccessReviewReportData {
  return {
    tenant: { slug: 'acme', name: 'Acme Pharma' },
    generatedAt: '2027-03-05T08:00:00.000Z',
    draft,
    campaign: {
      id: 'c-1',
      name: 'Q1 2027 access review',
      scope: 'All members',
      reviewers: 'Rita Reviewer',
      owner: { id: 'o-1', name: 'Olga Owner' },
      dueOn: '2027-03-31',
      recurrence: 'quarterly',
      startedAt: '2027-02-01T09:00:00.000Z',
      closedAt: draft ? null : '2027-03-05T08:00:00.000Z',
      previousCampaignId: null,
    },
    closing: draft
      ? null
      : { id: 'close-1', signerName: 'Olga Owner', meaning: 'approved', signedAt: '2027-03-05T08:00:00.000Z', recordHash: hash(999) },
    items,
  };
}

describe('access-review report PDF', () => {
  it('puts 150 items on several pages, every one readable, each page numbered', async () => {
    const items = Array.from({ length: 150 }, (_, i) => item(i + 1));
    const bytes = await accessReviewReportPdf(data(items, false));
    const doc = await PDFDocument.load(bytes);
    const pages = doc.getPageCount();
    expect(pages).toBeGreaterThan(5);
    const text = await pdfText(bytes);
    for (const i of items) {
      expect(text).toContain(`${i.member.name} <${i.member.email}>`);
      expect(text).toContain(`Record hash (SHA-256): ${i.signature!.recordHash}`);
    }
    for (let p = 1; p <= pages; p++) expect(text).toContain(`Page ${p} of ${pages}`);
    expect(text).toContain('Olga Owner - approved - 2027-03-05 08:00:00 UTC');
    expect(text).toContain('Keep 100, Revoke 50, Modify 0, Undecided 0');
    expect(text).not.toContain('DRAFT');
    expect(doc.getTitle()).toBe('Access review Q1 2027 access review');
  });

  it('as a draft says DRAFT at the top of every page and in every footer; undecided and unsigned items say so', async () => {
    const items = [
      ...Array.from({ length: 60 }, (_, i) => item(i + 1)),
      item(61, { decision: null, requestedChange: '', comment: null, decidedAt: null, signature: null, resultingChange: '' }),
    ];
    const bytes = await accessReviewReportPdf(data(items, true));
    const pages = (await PDFDocument.load(bytes)).getPageCount();
    expect(pages).toBeGreaterThan(1);
    const text = await pdfText(bytes);
    expect(text.split(DRAFT_NOTICE).length - 1).toBe(pages);
    expect(text.split('DRAFT · Access review Q1 2027 access review').length - 1).toBe(pages);
    expect(text).toContain('Decision: none');
    expect(text).toContain('Signature: not signed - the decision has not taken effect');
    expect(text).toContain('Not signed: the owner signs the campaign when closing it.');
  });

  it('prints characters the standard fonts lack as "?" instead of failing', async () => {
    const bytes = await accessReviewReportPdf(
      data([item(1, { member: { name: 'Łukasz 李', email: 'l@example.com', membershipId: 'm' } })], false),
    );
    expect(await pdfText(bytes)).toContain('?ukasz ? <l@example.com>');
  });
});

describe('access-review report CSV', () => {
  it('has the header, one CRLF record per item, quotes what needs quoting and defuses formulas', () => {
    const tricky = item(3, {
      comment: 'Said "no", then\nleft',
      member: { name: '=HYPERLINK("x")', email: 'x@example.com', membershipId: 'm-3' },
    });
    const csv = accessReviewReportCsv(data([item(1), tricky], false));
    const [header, ...rows] = parseCsv(csv);
    expect(header).toEqual([...ACCESS_REVIEW_REPORT_COLUMNS]);
    expect(rows).toHaveLength(2);
    const record = Object.fromEntries(header.map((h, i) => [h, rows[1][i]]));
    expect(record).toMatchObject({
      member: `'=HYPERLINK("x")`,
      comment: 'Said "no", then\nleft',
      decision: 'revoke',
      requested_change: 'Remove role operator',
      signature_record_hash: hash(3),
      resulting_change: 'Removed role operator',
      report: 'final',
      closed_by: 'Olga Owner',
      closing_signature_id: 'close-1',
    });
    // A keep has no requested change: an empty field, not "".
    expect(csv.split('\r\n')[1]).toContain(',keep,,,');
    expect(accessReviewReportCsv(data([], true))).toBe(`${ACCESS_REVIEW_REPORT_COLUMNS.join(',')}\r\n`);
  });
});

describe('report words', () => {
  it('names access and changes as people read them', () => {
    expect(
      accessInWords({
        status: 'active',
        roles: [
          { id: 'r1', name: 'Editor', system: 'LIMS' },
          { id: 'r2', name: 'viewer', system: null },
        ],
        teams: [{ id: 't', name: 'QA' }],
        overrides: [
          { permission: 'batches.create', effect: 'allow' },
          { permission: 'batches.release', effect: 'deny' },
        ],
        systems: [{ id: 's', slug: 'lims', name: 'LIMS' }],
        lastActiveAt: null,
        secondFactor: { totp: true, passkeys: 2 },
      }),
    ).toBe(
      'Status: active; Roles: Editor (LIMS), viewer; Teams: QA; Overrides: allow batches.create, deny batches.release; Systems: LIMS; Last active: never; Second factor: authenticator app and 2 passkey(s)',
    );
    const name = (id: string) => ({ r1: 'Editor (LIMS)', r2: 'viewer' })[id] ?? id;
    expect(changeInWords({ roleIds: ['r1'], overrides: ['batches.create'] }, name, false)).toBe(
      'Remove role Editor (LIMS); Remove override batches.create',
    );
    expect(changeInWords({ membership: true }, name, true)).toBe('Removed the membership');
    expect(changeInWords({ setRoleIds: ['r2'] }, name, true)).toBe('Set roles to viewer');
    expect(changeInWords({ notes: ['Role Editor was already gone.'] }, name, true)).toBe('No change; Role Editor was already gone.');
    expect(changeInWords(null, name, true)).toBe('');
  });
});
