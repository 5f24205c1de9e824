import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PERMISSIONS } from '@/lib/access/permissions';
import {
  AUDIT_ACTION_LABELS,
  auditActionLabel,
  auditSentence,
  auditSentenceParts,
  isKnownAuditAction,
  TARGET_TYPE_LABEL,
} from '@/lib/audit/action-labels';
import { auditFieldLabel, auditValueLabel } from '@/lib/audit/field-labels';
import { PLATFORM_ACTIONS } from '@/lib/platform-admin/labels';
import { LIFECYCLE } from '@/lib/quality/lifecycle';

const root = path.resolve(import.meta.dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(name) ? [full] : [];
  });
}

/** The files that write audit events: lib/ and auth.ts, those calling the recorder. */
const recorders = [...sourceFiles(path.join(root, 'lib')), path.join(root, 'auth.ts')]
  .map((file) => ({ file: path.relative(root, file), text: readFileSync(file, 'utf8') }))
  .filter((f) => /record(?:Tenant|Platform)?Audit\(/.test(f.text) && !f.file.startsWith('lib/audit/record.ts'));

/** `'<target>.<verb>'` literals whose verb has a past-tense word (`signed_in`, `generation_failed`), permission keys aside. */
function writtenActions(): Set<string> {
  const out = new Set<string>();
  for (const { text } of recorders) {
    for (const [, action] of text.matchAll(/'([a-z_]+\.[a-z_]+)'/g)) {
      if ((PERMISSIONS as readonly string[]).includes(action)) continue;
      if (
        action
          .split('.')[1]
          .split('_')
          .some((word) => word.endsWith('ed'))
      )
        out.add(action);
    }
  }
  // The two actions built from data: a move of the lifecycle, and an inspection's review (approved or rejected).
  for (const move of LIFECYCLE) out.add(`batch.${move.action}`);
  for (const meaning of ['approved', 'rejected']) out.add(`inspection.${meaning}`);
  return out;
}

describe('audit action labels', () => {
  it('finds the recorders', () => {
    expect(recorders.length).toBeGreaterThan(30);
    expect(writtenActions().size).toBeGreaterThan(60);
  });

  it('builds actions from data only where this test knows how (batch moves, inspection reviews)', () => {
    const dynamic = recorders.flatMap(({ file, text }) => [...text.matchAll(/action:\s*`([a-z_]+)\.\$\{/g)].map((m) => `${file}: ${m[1]}`));
    expect(dynamic.map((d) => d.split(': ')[1]).sort()).toEqual(['batch', 'inspection']);
  });

  it('has a label and a sentence for every action written in lib/ and auth.ts', () => {
    const missing = [...writtenActions()].filter((a) => !isKnownAuditAction(a));
    expect(missing).toEqual([]);
  });

  it('has plain words only: no underscore, no dotted key, each sentence naming its actor or target', () => {
    for (const [action, words] of Object.entries(AUDIT_ACTION_LABELS)) {
      expect(words.label, action).not.toMatch(/_|[a-z]\.[a-z]/);
      expect(words.sentence, action).not.toMatch(/_|[a-z]\.[a-z]/);
      expect(words.sentence, action).toMatch(/\{actor\}|\{target\}|\{name\}|^A /);
    }
    for (const [type, word] of Object.entries(TARGET_TYPE_LABEL)) expect(word, type).not.toContain('_');
    for (const action of PLATFORM_ACTIONS) expect(isKnownAuditAction(action)).toBe(true);
  });

  it('reads an event as a sentence with the actor and the target', () => {
    const released = {
      action: 'batch.released',
      actor: { type: 'user', id: 'u1', name: 'Ada Admin' },
      targetType: 'batch',
      targetId: '3f9a2c1e-0000-4000-8000-000000000001',
      before: { status: 'under_review' },
      after: { status: 'released' },
    };
    expect(auditSentence(released, 'ACM2607004')).toBe('Ada Admin released batch ACM2607004');
    // Without a name the id is shortened, never shown whole.
    expect(auditSentence(released)).toBe('Ada Admin released batch 3f9a2c1e');
    expect(
      auditSentence({
        action: 'role.updated',
        actor: { type: 'user', name: 'Ben' },
        targetType: 'role',
        targetId: 'r1',
        after: { name: 'Viewer' },
      }),
    ).toBe('Ben changed role Viewer');
    expect(
      auditSentence({
        action: 'invitation.expired',
        actor: { type: 'system', name: null },
        targetType: 'invitation',
        targetId: 'i',
        after: { email: 'lea@x.example' },
      }),
    ).toBe('The invitation to lea@x.example expired');
    expect(
      auditSentence({ action: 'audit.exported', actor: { type: 'api_key', name: 'Nightly' }, targetType: 'audit_trail', targetId: null }),
    ).toBe('API key Nightly exported the audit trail');
    // Whoever acted without a printed name still starts the sentence in words.
    const nameless = (type: string, name: string | null) =>
      auditSentence({ action: 'batch.released', actor: { type, name }, targetType: 'batch', targetId: released.targetId }, 'B-1');
    expect(nameless('user', null)).toBe('A person released batch B-1');
    expect(nameless('user', '  ')).toBe('A person released batch B-1');
    expect(nameless('api_key', null)).toBe('An API key released batch B-1');
    expect(nameless('anonymous', null)).toBe('Someone released batch B-1');
    // An action no map knows still reads as words.
    const unknown = { action: 'widget.frobnicated_twice', actor: { type: 'system', name: null }, targetType: 'widget', targetId: null };
    expect(auditActionLabel(unknown.action)).toBe('Widget frobnicated twice');
    expect(auditSentence(unknown)).toBe('Custos: widget frobnicated twice, the widget');
    expect(auditSentenceParts(released).find((p) => p.kind === 'target')).toMatchObject({
      type: 'batch',
      id: released.targetId,
      name: null,
    });
  });

  it('names fields and coded values in plain words', () => {
    expect(auditFieldLabel('plannedQuantity')).toBe('Planned quantity');
    expect(auditFieldLabel('settings.sessionTimeoutMinutes')).toBe('Settings › Session timeout (minutes)');
    const batch = { action: 'batch.production_started', targetType: 'batch' };
    expect(auditValueLabel('status', 'in_production', batch)).toBe('In production');
    expect(auditValueLabel('status', 'recalled', { action: 'serials.recalled', targetType: 'batch' })).toBe('Recalled');
    expect(auditValueLabel('signature.meaning', 'released', batch)).toBe('Released');
    expect(auditValueLabel('permissions', 'api_keys.manage', { action: 'role.updated', targetType: 'role' })).toBe('Manage API keys');
    expect(auditValueLabel('productName', 'Amoxicillin', batch)).toBeNull();
  });
});
