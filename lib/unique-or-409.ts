import { conflict } from '@/lib/errors';

/** A unique index beat our pre-check (two writers at once): answer 409, not 500. */
export async function uniqueOr409<T>(work: Promise<T>, message: string): Promise<T> {
  try {
    return await work;
  } catch (error) {
    const code = (error as { code?: string; cause?: { code?: string } }).code ?? (error as { cause?: { code?: string } }).cause?.code;
    if (code === '23505') throw conflict(message);
    throw error;
  }
}
