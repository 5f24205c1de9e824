import { SERIAL_STATUSES, type SerialStatus } from '@/db/schema/serials';
import { serialMovesFrom } from './policy';

/** The serial statuses, and the lifecycle's rules (lib/serials/policy.ts) described for the API document. */
export { SERIAL_STATUSES, type SerialStatus };
export { IN_CIRCULATION, SERIAL_MOVES, SERIALIZABLE_BATCH_STATUSES, serialMovesFrom, serialMovesInto } from './policy';

/** The serial lifecycle as a Markdown table (OpenAPI description of the status route). */
export function serialLifecycleMarkdown(): string {
  return [
    '| from | may move to |',
    '| --- | --- |',
    ...SERIAL_STATUSES.map((s) => `| \`${s}\` | ${serialMovesFrom(s).map((t) => `\`${t}\``).join(', ') || '— (final)'} |`),
  ].join('\n');
}
