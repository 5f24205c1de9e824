'use client';

import { controlClasses } from '@/components/ui/input';

type Order<Key extends string> = {
  key: Key;
  direction: 'ascending' | 'descending';
  head: (column: Key) => { onSort: () => void };
};

/** On a phone, where a list shows as cards without column headers: the same order as a select and a direction button. */
export function PhoneOrder<Key extends string>({
  label,
  labels,
  order,
}: {
  label: string;
  labels: Record<Key, string>;
  order: Order<Key>;
}) {
  const id = `order-${label.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <div className="flex flex-wrap items-center gap-2 text-[13px]">
      <label htmlFor={id} className="text-muted-foreground">
        {label}
      </label>
      <select
        id={id}
        className={`${controlClasses} h-8 w-auto`}
        value={order.key}
        onChange={(e) => order.head(e.target.value as Key).onSort()}
      >
        {(Object.keys(labels) as Key[]).map((k) => (
          <option key={k} value={k}>
            {labels[k]}
          </option>
        ))}
      </select>
      <button
        type="button"
        className="rounded-sm text-link underline underline-offset-2 focus-visible:outline-2 focus-visible:outline-ring"
        onClick={() => order.head(order.key).onSort()}
      >
        {order.direction === 'ascending' ? 'First to last' : 'Last to first'}
        <span className="sr-only">, turn the order</span>
      </button>
    </div>
  );
}
