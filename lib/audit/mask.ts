/**
 * Secrets never enter the audit trail: any field whose name says it holds one is replaced,
 * at any depth, before the event is written.
 */
const SECRET_FIELD = /(password|passphrase|secret|token|hash|api_?key|^key$|private_?key|credential|cookie|authorization)/i;

export const MASK = '[redacted]';

export function maskSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskSecrets);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
      out[key] = SECRET_FIELD.test(key) && inner !== null && inner !== undefined ? MASK : maskSecrets(inner);
    }
    return out;
  }
  return value;
}

/** Keep only the fields that changed between before and after (both sides), so a diff reads cleanly. */
export function changedFields(
  before: Record<string, unknown> | null | undefined,
  after: Record<string, unknown> | null | undefined,
): { before: Record<string, unknown> | null; after: Record<string, unknown> | null } {
  if (!before || !after) return { before: before ?? null, after: after ?? null };
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (JSON.stringify(before[key] ?? null) !== JSON.stringify(after[key] ?? null)) {
      b[key] = before[key] ?? null;
      a[key] = after[key] ?? null;
    }
  }
  return { before: b, after: a };
}
