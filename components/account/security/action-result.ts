import type { ActionResult } from '@/lib/http/action-result';

/** What a security-page server action answers: its data, or the error shaped like every form's (lib/http/action-result.ts). */
export type SecurityActionResult<T> = { ok: true; data: T } | Extract<ActionResult, { ok: false }>;

/** One of your passkeys as the page shows it (dates as ISO strings). */
export type PasskeyItem = { id: string; name: string; createdAt: string; lastUsedAt: string | null };

export type SecurityStatus = { totp: boolean; passkeys: PasskeyItem[]; recoveryCodesLeft: number };
