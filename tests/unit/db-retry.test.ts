import { describe, expect, it } from 'vitest';
import { retryIfConnectionLostBeforeStart } from '@/lib/db-retry';

const lost = () => Object.assign(new Error('write CONNECTION_CLOSED'), { code: 'CONNECTION_CLOSED' });

describe('retryIfConnectionLostBeforeStart', () => {
  it('tries once more when the connection was lost before anything ran', async () => {
    let calls = 0;
    const result = await retryIfConnectionLostBeforeStart(async () => {
      calls++;
      if (calls === 1) throw lost();
      return 'rows';
    }, 1);
    expect(result).toBe('rows');
    expect(calls).toBe(2);
  });

  it('does not try again once the work has started (it may have happened)', async () => {
    let calls = 0;
    await expect(
      retryIfConnectionLostBeforeStart(async (started) => {
        calls++;
        started();
        throw lost();
      }, 1),
    ).rejects.toMatchObject({ code: 'CONNECTION_CLOSED' });
    expect(calls).toBe(1);
  });

  it('does not try again for an error that is not a lost connection', async () => {
    let calls = 0;
    await expect(
      retryIfConnectionLostBeforeStart(async () => {
        calls++;
        throw Object.assign(new Error('duplicate key'), { code: '23505' });
      }, 1),
    ).rejects.toMatchObject({ code: '23505' });
    expect(calls).toBe(1);
  });

  it('tries only once more: a database that is really gone fails the second try too', async () => {
    let calls = 0;
    await expect(
      retryIfConnectionLostBeforeStart(async () => {
        calls++;
        throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
      }, 1),
    ).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(calls).toBe(2);
  });
});
