import { describe, expect, it } from 'vitest';
import { LIFECYCLE } from '@/lib/quality/lifecycle';
import {
  hasNextStep,
  involvementIn,
  isBatchClosed,
  mayCorrectBatch,
  mayDecideOnBatch,
  mayOmitPassword,
  mayRecordInspection,
  mayReviewInspection,
  movesFor,
  releaseBlockersOf,
  type BatchParticipation,
  type InspectionFacts,
  type SessionSigningFacts,
} from '@/lib/quality/policy';

const ALICE = 'a0000000-0000-4000-8000-000000000001';
const BOB = 'b0000000-0000-4000-8000-000000000002';
const CAROL = 'c0000000-0000-4000-8000-000000000003';

const participation = (over: Partial<BatchParticipation> = {}): BatchParticipation => ({
  createdBy: ALICE,
  editors: [],
  moves: [
    { from: null, to: 'planned', actorId: ALICE },
    { from: 'planned', to: 'in_production', actorId: ALICE },
    { from: 'in_production', to: 'quarantined', actorId: BOB },
    { from: 'quarantined', to: 'under_review', actorId: BOB },
  ],
  inspections: [],
  ...over,
});

describe('involvementIn', () => {
  it('names creating, correcting, moving, performing and reviewing, in that order', () => {
    const facts = participation({
      editors: [BOB],
      inspections: [
        { performedBy: BOB, reviewedBy: CAROL },
        { performedBy: CAROL, reviewedBy: BOB },
        { performedBy: BOB, reviewedBy: null },
      ],
    });
    expect(involvementIn(facts, BOB)).toEqual([
      { kind: 'corrected', description: 'you corrected its record' },
      { kind: 'moved', description: 'you moved it to quarantined and under review' },
      { kind: 'performed_inspection', description: 'you performed 2 of its inspections' },
      { kind: 'reviewed_inspection', description: 'you reviewed one of its inspections' },
    ]);
    expect(involvementIn(facts, ALICE).map((i) => i.description)).toEqual(['you created it', 'you moved it to in production']);
    expect(involvementIn(facts, CAROL).map((i) => i.kind)).toEqual(['performed_inspection', 'reviewed_inspection']);
    expect(involvementIn(facts, 'd0000000-0000-4000-8000-000000000004')).toEqual([]);
  });

  it('counts the creator from the history when the column is empty (older records)', () => {
    expect(involvementIn(participation({ createdBy: null }), ALICE)[0].kind).toBe('created');
  });
});

describe('mayDecideOnBatch (segregation of duties)', () => {
  it('allows someone who took no part and refuses anyone else, naming every involvement', () => {
    expect(mayDecideOnBatch([], 'release')).toEqual({ allowed: true, reasons: [] });
    const verdict = mayDecideOnBatch(involvementIn(participation({ editors: [ALICE] }), ALICE), 'reject');
    expect(verdict).toEqual({
      allowed: false,
      reasons: [
        'You cannot reject this batch: you created it, you corrected its record and you moved it to in production. Someone independent must decide.',
      ],
    });
  });
});

describe('mayReviewInspection', () => {
  it('refuses the performer and an inspection already reviewed', () => {
    expect(mayReviewInspection({ performedBy: ALICE, status: 'submitted' }, BOB).allowed).toBe(true);
    expect(mayReviewInspection({ performedBy: ALICE, status: 'submitted' }, ALICE)).toEqual({
      allowed: false,
      reasons: ['You performed this inspection: someone else must review it.'],
    });
    expect(mayReviewInspection({ performedBy: ALICE, status: 'approved' }, BOB).reasons).toEqual(['This inspection was already approved.']);
  });
});

describe('movesFor', () => {
  const none = { involvement: [], blockers: [] };
  it('offers only the moves out of the status that the permissions cover', () => {
    expect(movesFor(LIFECYCLE, { status: 'planned', permissions: ['batches.transition'], ...none }).map((o) => o.move.to)).toEqual([
      'in_production',
    ]);
    expect(movesFor(LIFECYCLE, { status: 'under_review', permissions: ['batches.transition'], ...none })).toEqual([]);
    expect(
      movesFor(LIFECYCLE, { status: 'under_review', permissions: new Set(['batches.release']), ...none }).map((o) => [
        o.move.to,
        o.allowed,
      ]),
    ).toEqual([
      ['released', true],
      ['rejected', true],
    ]);
  });

  it('holds back release and rejection from someone involved, and release while something blocks it', () => {
    const involvement = involvementIn(participation(), BOB);
    const blockers = [{ code: 'release_inspection_missing' as const, message: 'No approved, passing release inspection.' }];
    const [release, reject] = movesFor(LIFECYCLE, { status: 'under_review', permissions: ['batches.release'], involvement, blockers });
    expect(release.allowed).toBe(false);
    expect(release.reasons).toEqual([
      'You cannot release this batch: you moved it to quarantined and under review. Someone independent must decide.',
      'Release is possible once nothing blocks it.',
    ]);
    expect(reject.reasons).toEqual([
      'You cannot reject this batch: you moved it to quarantined and under review. Someone independent must decide.',
    ]);
    // Recall is not segregated.
    expect(movesFor(LIFECYCLE, { status: 'released', permissions: ['batches.release'], involvement, blockers: [] })).toEqual([
      expect.objectContaining({ allowed: true, reasons: [] }),
    ]);
  });

  it('knows when a batch has no next step at all', () => {
    expect(hasNextStep(LIFECYCLE, 'released')).toBe(true);
    expect(hasNextStep(LIFECYCLE, 'rejected')).toBe(false);
    expect(hasNextStep(LIFECYCLE, 'recalled')).toBe(false);
  });
});

describe('closed batches', () => {
  it('released, rejected and recalled batches take no corrections and no inspections; open ones do', () => {
    for (const status of ['released', 'rejected', 'recalled'] as const) {
      expect(isBatchClosed(LIFECYCLE, status)).toBe(true);
      expect(mayCorrectBatch(LIFECYCLE, status).allowed).toBe(false);
      expect(mayRecordInspection(LIFECYCLE, status).allowed).toBe(false);
    }
    expect(mayCorrectBatch(LIFECYCLE, 'recalled').reasons[0]).toMatch(/^The batch is recalled: its signed record is closed/);
    for (const status of ['planned', 'in_production', 'quarantined', 'under_review'] as const) {
      expect(mayCorrectBatch(LIFECYCLE, status)).toEqual({ allowed: true, reasons: [] });
      expect(mayRecordInspection(LIFECYCLE, status).allowed).toBe(true);
    }
  });
});

describe('releaseBlockersOf', () => {
  let n = 0;
  const insp = (over: Partial<InspectionFacts>): InspectionFacts => ({
    id: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
    type: 'release',
    status: 'approved',
    result: 'pass',
    retestOf: null,
    ...over,
  });
  const codes = (status: Parameters<typeof releaseBlockersOf>[0]['status'], rows: InspectionFacts[]) =>
    releaseBlockersOf({ status }, rows).map((b) => b.code);

  it('needs the batch under review and an approved, passing release inspection', () => {
    expect(codes('quarantined', [])).toEqual(['wrong_status', 'release_inspection_missing']);
    expect(codes('under_review', [insp({ type: 'in_process' })])).toEqual(['release_inspection_missing']);
    expect(codes('under_review', [insp({ status: 'rejected' })])).toEqual(['release_inspection_missing']);
    expect(codes('under_review', [insp({})])).toEqual([]);
  });

  it('lists every inspection awaiting review', () => {
    const pending = insp({ status: 'submitted', type: 'in_process' });
    const blockers = releaseBlockersOf({ status: 'under_review' }, [insp({}), pending]);
    expect(blockers).toEqual([
      { code: 'inspection_awaiting_review', message: `The in-process inspection ${pending.id} awaits review.`, inspectionId: pending.id },
    ]);
  });

  it('a failed, approved release inspection blocks even beside an unrelated passing one', () => {
    const failed = insp({ result: 'fail' });
    expect(releaseBlockersOf({ status: 'under_review' }, [failed, insp({})])).toEqual([
      {
        code: 'release_inspection_failed',
        message: `The release inspection ${failed.id} failed; a retest of it must pass and be approved.`,
        inspectionId: failed.id,
      },
    ]);
  });

  it('a passing, approved retest linked to the failure, directly or through a chain, clears it; a pending or discarded one does not', () => {
    const failed = insp({ result: 'fail' });
    expect(codes('under_review', [failed, insp({ retestOf: failed.id })])).toEqual([]);
    expect(codes('under_review', [failed, insp({ retestOf: failed.id, status: 'submitted' })])).toEqual([
      'inspection_awaiting_review',
      'release_inspection_failed',
    ]);
    expect(codes('under_review', [failed, insp({ retestOf: failed.id, status: 'rejected' })])).toEqual(['release_inspection_failed']);
    const retest1 = insp({ result: 'fail', retestOf: failed.id });
    expect(codes('under_review', [failed, retest1])).toEqual(['release_inspection_failed', 'release_inspection_failed']);
    expect(codes('under_review', [failed, retest1, insp({ retestOf: retest1.id })])).toEqual([]);
  });

  it('a failed retest of a passing inspection blocks until it is retested', () => {
    const passed = insp({});
    const retest = insp({ result: 'fail', retestOf: passed.id });
    expect(codes('under_review', [passed, retest])).toEqual(['release_inspection_failed']);
  });
});

describe('mayOmitPassword (21 CFR 11.200(a)(1)(i))', () => {
  const at = new Date('2026-12-05T12:00:00Z');
  const facts = (over: Partial<SessionSigningFacts> = {}): SessionSigningFacts => ({
    passwordRequired: false,
    session: { id: 'session-1', lastSeenAt: new Date(at.getTime() - 60_000) },
    sessionTimeoutMinutes: 30,
    lastPasswordSignature: { sessionId: 'session-1', signedAt: new Date(at.getTime() - 10 * 60_000) },
    now: at,
    ...over,
  });

  it('allows it in the same session as an earlier password signature, while the session is in use', () => {
    expect(mayOmitPassword(facts())).toEqual({ allowed: true, reasons: [] });
  });

  it('refuses it when the tenant requires the password, without a session, or without a password signature in this session', () => {
    expect(mayOmitPassword(facts({ passwordRequired: true })).reasons).toEqual(['This tenant requires the password for every signature.']);
    expect(mayOmitPassword(facts({ session: null })).allowed).toBe(false);
    expect(mayOmitPassword(facts({ lastPasswordSignature: null })).allowed).toBe(false);
    expect(mayOmitPassword(facts({ lastPasswordSignature: { sessionId: 'session-2', signedAt: at } })).reasons).toEqual([
      'The first signature of a session takes the password; later ones in that same session may leave it out.',
    ]);
  });

  it("refuses it once the session was idle past the tenant's timeout", () => {
    const idle = facts({ session: { id: 'session-1', lastSeenAt: new Date(at.getTime() - 31 * 60_000) } });
    expect(mayOmitPassword(idle)).toEqual({
      allowed: false,
      reasons: ['The session was idle for more than 30 minutes: its continuous use ended.'],
    });
    expect(mayOmitPassword(facts({ session: { id: 'session-1', lastSeenAt: new Date(at.getTime() - 30 * 60_000) } })).allowed).toBe(true);
  });
});
