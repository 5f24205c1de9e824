import { describe, expect, it } from 'vitest';
import { errorSerializer } from '@/lib/platform/logger';

describe('error serializer', () => {
  it("keeps a failed query's SQL and cause but never its parameters (tokens, hashes, mail bodies)", () => {
    const error = Object.assign(
      new Error('Failed query: insert into email_outbox values ($1, $2)\nparams: a@b.test,https://x/invite/SECRET-TOKEN'),
      {
        query: 'insert into email_outbox values ($1, $2)',
        params: ['a@b.test', 'https://x/invite/SECRET-TOKEN'],
        cause: Object.assign(new Error('permission denied for table email_outbox'), { code: '42501' }),
      },
    );
    const logged = JSON.stringify(errorSerializer(error));
    expect(logged).not.toContain('SECRET-TOKEN');
    expect(logged).not.toContain('a@b.test');
    expect(logged).toContain('insert into email_outbox');
    expect(logged).toContain('permission denied');
    expect(logged).toContain('42501');
  });
});
