/** The sessions query's key (the panel and the server prefetch use exactly this; no 'use client', so pages can import it). */
export const SESSIONS_KEY = ['me', 'sessions'] as const;
