import type { ApiKeyStatus, ApiKeyView } from './api-key-schemas';

type Row = {
  id: string;
  name: string;
  prefix: string;
  permissions: string[];
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  creatorId: string | null;
  creatorName: string | null;
};

function apiKeyStatus(row: { revokedAt: Date | null; expiresAt: Date | null }, at: Date): ApiKeyStatus {
  if (row.revokedAt) return 'revoked';
  if (row.expiresAt && row.expiresAt <= at) return 'expired';
  return 'active';
}

/** A key as the list shows it: never the hash, never the secret. */
export function apiKeyView(row: Row, at: Date): ApiKeyView {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    permissions: row.permissions,
    createdBy: row.creatorId ? { id: row.creatorId, name: row.creatorName ?? '' } : null,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    status: apiKeyStatus(row, at),
  };
}
