import { SERIAL_STATUSES } from '@/db/schema/serials';
import { serialMovesFrom } from './policy';

/** The serial lifecycle of lib/serials/policy.ts as a Markdown table (OpenAPI description of the status route). */
export function serialLifecycleMarkdown(): string {
  return [
    '| from | may move to |',
    '| --- | --- |',
    ...SERIAL_STATUSES.map(
      (s) =>
        `| \`${s}\` | ${
          serialMovesFrom(s)
            .map((t) => `\`${t}\``)
            .join(', ') || '— (final)'
        } |`,
    ),
  ].join('\n');
}
