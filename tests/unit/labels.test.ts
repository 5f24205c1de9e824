import { describe, expect, it } from 'vitest';
import { memberOverrides } from '@/db/schema/access';
import { auditEvents } from '@/db/schema/audit';
import { invitations } from '@/db/schema/invitations';
import { BATCH_STATUSES, INSPECTION_STATUSES, INSPECTION_TYPES, SIGNATURE_MEANINGS, inspections } from '@/db/schema/quality';
import { SERIAL_JOB_STATUSES, SERIAL_STATUSES } from '@/db/schema/serials';
import { memberships, tenants } from '@/db/schema/tenancy';
import { apiKeyStatusSchema } from '@/lib/access/api-key-schemas';
import { evaluate, explain } from '@/lib/access/evaluate';
import {
  ACTOR_TYPE_LABEL,
  API_KEY_STATUS_LABEL,
  DENIAL_REASON_TEXT,
  denialReasonText,
  INVITATION_STATUS_LABEL,
  MEMBER_STATUS_LABEL,
  OVERRIDE_EFFECT_LABEL,
  OVERRIDE_EFFECT_TEXT,
} from '@/lib/access/labels';
import { INVITATION_STATUSES } from '@/lib/invitations/schemas';
import { humanizeField, humanizeValue } from '@/lib/plain-words';
import { LIFECYCLE } from '@/lib/quality/lifecycle';
import {
  BATCH_STATUS_LABEL,
  INSPECTION_RESULT_LABEL,
  INSPECTION_STATUS_LABEL,
  INSPECTION_TYPE_LABEL,
  MOVE_LABEL,
  SIGNATURE_MEANING_LABEL,
  SIGNATURE_MEANING_TEXT,
  moveLabel,
} from '@/lib/quality/labels';
import { SERIAL_JOB_STATUS_LABEL, SERIAL_STATUS_HINT, SERIAL_STATUS_LABEL } from '@/lib/serials/labels';
import { PLAN_LABEL, TENANT_STATUS_LABEL } from '@/lib/tenancy/labels';
import { PLAN_IDS } from '@/lib/tenancy/schemas';

// Every value of every enum (read from the schema, the lifecycle or the API's zod enum, never copied) has a word,
// and no word is a stored value in disguise.
const cases: Array<[string, readonly string[], Record<string, string>]> = [
  ['batch status', BATCH_STATUSES, BATCH_STATUS_LABEL],
  ['inspection status', INSPECTION_STATUSES, INSPECTION_STATUS_LABEL],
  ['inspection type', INSPECTION_TYPES, INSPECTION_TYPE_LABEL],
  ['inspection result', inspections.result.enumValues, INSPECTION_RESULT_LABEL],
  ['signature meaning', SIGNATURE_MEANINGS, SIGNATURE_MEANING_LABEL],
  ['signature meaning sentence', SIGNATURE_MEANINGS, SIGNATURE_MEANING_TEXT],
  ['move of the lifecycle', LIFECYCLE.map((m) => m.action), Object.fromEntries(Object.entries(MOVE_LABEL).map(([k, v]) => [k, v.button]))],
  ['move sentence', LIFECYCLE.map((m) => m.action), Object.fromEntries(Object.entries(MOVE_LABEL).map(([k, v]) => [k, v.done]))],
  ['serial status', SERIAL_STATUSES, SERIAL_STATUS_LABEL],
  ['serial status hint', SERIAL_STATUSES, SERIAL_STATUS_HINT],
  ['serial job status', SERIAL_JOB_STATUSES, SERIAL_JOB_STATUS_LABEL],
  ['member status', memberships.status.enumValues, MEMBER_STATUS_LABEL],
  ['invitation status (table)', invitations.status.enumValues, INVITATION_STATUS_LABEL],
  ['invitation status (API)', INVITATION_STATUSES, INVITATION_STATUS_LABEL],
  ['API key status', apiKeyStatusSchema.options, API_KEY_STATUS_LABEL],
  ['override effect', ['inherit', ...memberOverrides.effect.enumValues], OVERRIDE_EFFECT_LABEL],
  ['override effect text', ['inherit', ...memberOverrides.effect.enumValues], OVERRIDE_EFFECT_TEXT],
  ['actor type', auditEvents.actorType.enumValues, ACTOR_TYPE_LABEL],
  ['tenant status', tenants.status.enumValues, TENANT_STATUS_LABEL],
  ['plan', PLAN_IDS, PLAN_LABEL],
];

describe('label maps', () => {
  it.each(cases)('every %s has a word without an underscore', (_name, values, labels) => {
    expect(values.length).toBeGreaterThan(0);
    for (const value of values) {
      const label = labels[value];
      expect(label, `no label for ${value}`).toBeTruthy();
      expect(label, `the label of ${value}`).not.toContain('_');
    }
    // No stale entries either: the map holds exactly the enum's values.
    expect(Object.keys(labels).sort()).toEqual([...new Set(values)].sort());
  });

  it('each move of the lifecycle has its own button word', () => {
    const words = LIFECYCLE.map((m) => moveLabel(m));
    expect(new Set(words).size).toBe(words.length);
    expect(moveLabel({ action: 'unknown_move', to: 'under_review' })).toBe('Move to under review');
  });

  it('every reason the evaluator gives for a denial has words, and reasons that allow have none', () => {
    // The reasons as explain() gives them (never copied): a deny on the member, nothing giving the key, and a key of
    // a switched-off system even though a role gives it.
    const access = evaluate({
      grants: [
        { permission: 'batches.read', source: { type: 'role', id: 'r1', name: 'viewer' } },
        { permission: 'batches.release', source: { type: 'grant' } },
        { permission: 'ims:stock.adjust', source: { type: 'role', id: 'r2', name: 'IMS operator' } },
      ],
      denies: ['batches.release'],
    });
    const off = new Set(['ims']);
    const denials = ['batches.release', 'sites.manage', 'ims:stock.adjust'].map((key) => explain(access, key, off));
    expect(denials.every((d) => !d.allowed)).toBe(true);
    const reasons = denials.map((d) => d.reason);
    expect(Object.keys(DENIAL_REASON_TEXT).sort()).toEqual([...new Set(reasons)].sort());
    for (const reason of reasons) expect(denialReasonText(reason), reason).toMatch(/^[a-z][^_]*$/);
    expect(denialReasonText('system_inactive')).toContain('switched off');
    expect(denialReasonText(explain(access, 'batches.read', off).reason)).toBeNull();
    expect(denialReasonText(explain(access, 'batches.release').reason)).toBe('explicitly denied');
  });

  it('unknown values and field names read as words', () => {
    expect(humanizeValue('on_hold')).toBe('On hold');
    expect(humanizeField('plannedQuantity')).toBe('Planned quantity');
    expect(humanizeField('sessionTimeoutMinutes')).toBe('Session timeout minutes');
    expect(humanizeField('site_id')).toBe('Site id');
  });
});
