/**
 * The batch-record rules, as pure functions: which moves a person may make, who took part in a batch and
 * may therefore not decide on it (segregation of duties), who may review an inspection, what blocks release,
 * whether a batch may still be corrected, and when a signature may leave the password out. No database access
 * and no server-only imports (only types from the lifecycle and schemas): the server loads the facts and calls
 * these; console components call the same functions with the facts they have.
 */
import type { BatchStatus, Move } from './lifecycle';
import type { ReleaseBlocker } from './schemas';
import { BATCH_STATUS_LABEL, INSPECTION_STATUS_LABEL, INSPECTION_TYPE_LABEL } from './labels';

/** A rule's answer: allowed, or not with the reasons in plain words. */
export type Verdict = { allowed: boolean; reasons: string[] };

const allowed: Verdict = { allowed: true, reasons: [] };
const refused = (...reasons: string[]): Verdict => ({ allowed: false, reasons });

/** A status in a sentence: the label map's word, lower case ("in production"). */
const statusWord = (status: BatchStatus) => BATCH_STATUS_LABEL[status].toLowerCase();
const inspectionStatusWord = (status: string) =>
  (INSPECTION_STATUS_LABEL as Record<string, string | undefined>)[status]?.toLowerCase() ?? status;

const joinWords = (words: string[]) => (words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`);

// ── Who took part in a batch ─────────────────────────────────────────────────────────────────────────

/** The facts of a batch's record that say who did what. */
export type BatchParticipation = {
  createdBy: string | null;
  /** Everyone who corrected the record (PATCH), once or more. */
  editors: readonly string[];
  /** Its status history: creation (from null) and every move, with who made it. */
  moves: ReadonlyArray<{ from: BatchStatus | null; to: BatchStatus; actorId: string | null }>;
  inspections: ReadonlyArray<{ performedBy: string; reviewedBy: string | null }>;
};

type InvolvementKind = 'created' | 'corrected' | 'moved' | 'performed_inspection' | 'reviewed_inspection';
export type Involvement = { kind: InvolvementKind; description: string };

/** What ties `userId` to the batch, in plain words (empty: nothing). */
export function involvementIn(facts: BatchParticipation, userId: string): Involvement[] {
  const out: Involvement[] = [];
  const created = facts.createdBy === userId || facts.moves.some((m) => m.from === null && m.actorId === userId);
  if (created) out.push({ kind: 'created', description: 'you created it' });
  if (facts.editors.includes(userId)) out.push({ kind: 'corrected', description: 'you corrected its record' });
  const movedTo = [...new Set(facts.moves.filter((m) => m.from !== null && m.actorId === userId).map((m) => statusWord(m.to)))];
  if (movedTo.length > 0) out.push({ kind: 'moved', description: `you moved it to ${joinWords(movedTo)}` });
  const performed = facts.inspections.filter((i) => i.performedBy === userId).length;
  if (performed > 0) {
    out.push({
      kind: 'performed_inspection',
      description: performed === 1 ? 'you performed one of its inspections' : `you performed ${performed} of its inspections`,
    });
  }
  const reviewed = facts.inspections.filter((i) => i.reviewedBy === userId).length;
  if (reviewed > 0) {
    out.push({
      kind: 'reviewed_inspection',
      description: reviewed === 1 ? 'you reviewed one of its inspections' : `you reviewed ${reviewed} of its inspections`,
    });
  }
  return out;
}

/**
 * Segregation of duties for a decision on the batch (a move marked `segregated`: release and rejection):
 * whoever created, corrected or moved the batch, or performed or reviewed one of its inspections, may not
 * make it. The reason names every involvement.
 */
export function mayDecideOnBatch(involvement: readonly Involvement[], verb: string): Verdict {
  if (involvement.length === 0) return allowed;
  return refused(`You cannot ${verb} this batch: ${joinWords(involvement.map((i) => i.description))}. Someone independent must decide.`);
}

/** Nobody reviews an inspection they performed; an inspection is reviewed once. */
export function mayReviewInspection(inspection: { performedBy: string; status: string }, userId: string): Verdict {
  if (inspection.status !== 'submitted') return refused(`This inspection was already ${inspectionStatusWord(inspection.status)}.`);
  if (inspection.performedBy === userId) return refused('You performed this inspection: someone else must review it.');
  return allowed;
}

// ── The moves a person may make ──────────────────────────────────────────────────────────────────────

type MoveOption = { move: Move; allowed: boolean; reasons: string[] };

const verbOf = (move: Move) => (move.to === 'released' ? 'release' : move.to === 'rejected' ? 'reject' : `move to ${statusWord(move.to)}`);

/**
 * The moves out of `status` that the person's permissions cover, each allowed or not with the reasons:
 * segregation of duties (moves marked `segregated`) and the release guard (moves marked `releaseGuard`).
 * Moves needing a permission the person lacks are not offered at all.
 */
export function movesFor(
  lifecycle: readonly Move[],
  facts: { status: BatchStatus; permissions: Iterable<string>; involvement: readonly Involvement[]; blockers: readonly ReleaseBlocker[] },
): MoveOption[] {
  const held = new Set(facts.permissions);
  return lifecycle
    .filter((m) => m.from === facts.status && held.has(m.permission))
    .map((move) => {
      const reasons: string[] = [];
      if (move.segregated) reasons.push(...mayDecideOnBatch(facts.involvement, verbOf(move)).reasons);
      if (move.releaseGuard && facts.blockers.length > 0) reasons.push('Release is possible once nothing blocks it.');
      return { move, allowed: reasons.length === 0, reasons };
    });
}

/** Whether the lifecycle has any move out of `status`. */
export function hasNextStep(lifecycle: readonly Move[], status: BatchStatus): boolean {
  return lifecycle.some((m) => m.from === status);
}

// ── Closed records ───────────────────────────────────────────────────────────────────────────────────

/** A batch reached by a signed decision (released, rejected, recalled) is closed: its record no longer changes. */
export function isBatchClosed(lifecycle: readonly Move[], status: BatchStatus): boolean {
  return lifecycle.some((m) => m.to === status && m.signature !== null);
}

/** Corrections (PATCH) are for open records only: after release, rejection or recall the signed record stands. */
export function mayCorrectBatch(lifecycle: readonly Move[], status: BatchStatus): Verdict {
  if (!isBatchClosed(lifecycle, status)) return allowed;
  return refused(
    `The batch is ${statusWord(status)}: its signed record is closed and can no longer be corrected. Record what changed in a note instead.`,
  );
}

/** New inspections are for open records only. */
export function mayRecordInspection(lifecycle: readonly Move[], status: BatchStatus): Verdict {
  if (!isBatchClosed(lifecycle, status)) return allowed;
  return refused(`The batch is ${statusWord(status)}: it takes no more inspections.`);
}

// ── What blocks release ──────────────────────────────────────────────────────────────────────────────

export type InspectionFacts = {
  id: string;
  type: 'incoming' | 'in_process' | 'release';
  status: 'submitted' | 'approved' | 'rejected';
  result: 'pass' | 'fail';
  retestOf: string | null;
};

const passedAndApproved = (i: InspectionFacts) => i.status === 'approved' && i.result === 'pass';

/**
 * What blocks the release of a batch, all of it: the batch is not under review; an inspection awaits review;
 * a release inspection failed (approved as failed) and no retest linked to it (`retestOf`, directly or through
 * a chain of retests) has passed and been approved (21 CFR 211.192: an unrelated passing test does not clear a
 * failure); there is no approved, passing release inspection at all.
 */
export function releaseBlockersOf(batch: { status: BatchStatus }, inspections: readonly InspectionFacts[]): ReleaseBlocker[] {
  const blockers: ReleaseBlocker[] = [];
  if (batch.status !== 'under_review') {
    blockers.push({
      code: 'wrong_status',
      message: `The batch is ${statusWord(batch.status)}; only a batch under review can be released.`,
    });
  }
  for (const i of inspections.filter((r) => r.status === 'submitted')) {
    blockers.push({
      code: 'inspection_awaiting_review',
      message: `The ${INSPECTION_TYPE_LABEL[i.type].toLowerCase()} inspection ${i.id} awaits review.`,
      inspectionId: i.id,
    });
  }
  const release = inspections.filter((r) => r.type === 'release');
  const retestsOf = (id: string, seen = new Set<string>()): InspectionFacts[] => {
    const direct = release.filter((r) => r.retestOf === id && !seen.has(r.id));
    direct.forEach((r) => seen.add(r.id));
    return [...direct, ...direct.flatMap((r) => retestsOf(r.id, seen))];
  };
  const failed = release.filter((r) => r.status === 'approved' && r.result === 'fail');
  for (const f of failed.filter((f) => !retestsOf(f.id).some(passedAndApproved))) {
    blockers.push({
      code: 'release_inspection_failed',
      message: `The release inspection ${f.id} failed; a retest of it must pass and be approved.`,
      inspectionId: f.id,
    });
  }
  if (failed.length === 0 && !release.some(passedAndApproved) && !release.some((r) => r.status === 'submitted')) {
    blockers.push({ code: 'release_inspection_missing', message: 'No approved, passing release inspection.' });
  }
  return blockers;
}

// ── Signing without the password ─────────────────────────────────────────────────────────────────────

export type SessionSigningFacts = {
  /** The tenant's `signatureRequiresPassword`. */
  passwordRequired: boolean;
  /** The signer's current session; null for API keys and system actors. */
  session: { id: string; lastSeenAt: Date | null } | null;
  /** The tenant's idle limit, `sessionTimeoutMinutes`. */
  sessionTimeoutMinutes: number;
  /** This person's latest signature in this tenant made with the password in the current session, if any. */
  lastPasswordSignature: { sessionId: string; signedAt: Date } | null;
  now: Date;
};

/**
 * 21 CFR 11.200(a)(1)(i): after a signing with every component (the password), later signings during the same
 * continuous period of controlled access may use one. So: only with the tenant's `signatureRequiresPassword`
 * off, only in the very session of an earlier password signature, and only while that session has been in use
 * without idling past the tenant's timeout (an idle session is a broken period, and ends).
 */
export function mayOmitPassword(facts: SessionSigningFacts): Verdict {
  if (facts.passwordRequired) return refused('This tenant requires the password for every signature.');
  if (!facts.session) return refused('Only a person signed in to a session can sign without the password.');
  const earlier = facts.lastPasswordSignature;
  if (!earlier || earlier.sessionId !== facts.session.id) {
    return refused('The first signature of a session takes the password; later ones in that same session may leave it out.');
  }
  const lastSeen = facts.session.lastSeenAt;
  if (lastSeen && facts.now.getTime() - lastSeen.getTime() > facts.sessionTimeoutMinutes * 60_000) {
    return refused(`The session was idle for more than ${facts.sessionTimeoutMinutes} minutes: its continuous use ended.`);
  }
  return allowed;
}
