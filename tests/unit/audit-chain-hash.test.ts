import { describe, expect, it } from 'vitest';
import { AUDIT_CANONICAL_KEYS, auditCanonical, occurredAtFromText, type AuditChainRow } from '@/lib/audit/chain-hash';

describe('audit chain canonical form', () => {
  it('writes the keys in the order jsonb prints them: shortest first, equal lengths in byte order', () => {
    const jsonbOrder = [...AUDIT_CANONICAL_KEYS].sort((a, b) => a.length - b.length || Buffer.compare(Buffer.from(a), Buffer.from(b)));
    expect([...AUDIT_CANONICAL_KEYS]).toEqual(jsonbOrder);
    const row: AuditChainRow = {
      id: 'i',
      tenantId: 't',
      seq: 7,
      occurredAt: 'o',
      actorType: 'user',
      actorId: null,
      actorName: null,
      action: 'a',
      targetType: null,
      targetId: null,
      before: null,
      after: '{"x": 1}',
      reason: null,
      requestId: null,
      ip: null,
      userAgent: null,
    };
    const canonical = auditCanonical(row);
    expect(Object.keys(JSON.parse(canonical) as object)).toEqual([...AUDIT_CANONICAL_KEYS]);
    expect(canonical).toBe(
      '{"id": "i", "ip": null, "seq": 7, "after": {"x": 1}, "action": "a", "before": null, "reason": null, "actorId": null, ' +
        '"targetId": null, "tenantId": "t", "actorName": null, "actorType": "user", "requestId": null, "userAgent": null, ' +
        '"occurredAt": "o", "targetType": null}',
    );
  });

  it("turns PostgreSQL's timestamp text into to_char's microsecond form, and refuses any other text", () => {
    expect(occurredAtFromText('2026-12-06 23:40:00')).toBe('2026-12-06T23:40:00.000000Z');
    expect(occurredAtFromText('2026-12-06 23:40:00.1')).toBe('2026-12-06T23:40:00.100000Z');
    expect(occurredAtFromText('2026-12-06 23:40:00.012345')).toBe('2026-12-06T23:40:00.012345Z');
    expect(() => occurredAtFromText('12/06/2026 23:40:00.1')).toThrow(/DateStyle/);
    expect(() => occurredAtFromText('10000-01-01 00:00:00')).toThrow(/unexpected timestamp/);
  });
});
