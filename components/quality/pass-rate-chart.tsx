import type { DashboardView } from '@/lib/quality/schemas';
import { passRatePercent } from './pass-rate-percent';
import { PassRateTable } from './pass-rate-table';

type Week = NonNullable<DashboardView['passRate']>[number];

const W = 560;
const H = 176;
const PAD = { top: 12, right: 8, bottom: 26, left: 36 };
const pct = passRatePercent;

/**
 * The weekly pass rate as a small hand-drawn SVG bar chart (no chart library): one bar per ISO week, its
 * height the share of inspections that passed; weeks without inspections show a dashed stub. The SVG is
 * an image with a title and a summary for screen readers, each bar carries a tooltip, and the same numbers
 * are in a sortable table below it (`Show as table`, a client component: the chart itself stays server-rendered).
 */
export function PassRateChart({ weeks, id = 'pass-rate' }: { weeks: Week[]; id?: string }) {
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const slot = innerW / weeks.length;
  const bar = Math.min(28, slot * 0.62);
  const y = (rate: number) => PAD.top + innerH * (1 - rate);
  const withData = weeks.filter((w) => w.inspections > 0);
  const total = withData.reduce((n, w) => n + w.inspections, 0);
  const passed = withData.reduce((n, w) => n + w.passed, 0);
  const last = weeks.at(-1);
  const summary =
    total === 0
      ? 'No inspections in the last 12 weeks.'
      : `${passed} of ${total} inspections passed over the last 12 weeks (${pct(passed / total)}); ${withData.length} of 12 weeks had inspections.` +
        (last && last.rate !== null ? ` This week: ${pct(last.rate)} of ${last.inspections}.` : ' None yet this week.');

  return (
    <figure className="grid gap-2" data-testid="pass-rate-chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${id}-title ${id}-desc`} className="h-auto w-full text-primary">
        <title id={`${id}-title`}>Pass rate per week, last 12 weeks</title>
        <desc id={`${id}-desc`}>{summary}</desc>
        {[0, 0.5, 1].map((tick) => (
          <g key={tick}>
            <line
              x1={PAD.left}
              x2={W - PAD.right}
              y1={y(tick)}
              y2={y(tick)}
              className="stroke-border"
              strokeWidth={1}
              strokeDasharray={tick === 0 ? undefined : '3 3'}
            />
            <text x={PAD.left - 6} y={y(tick) + 3.5} textAnchor="end" className="fill-muted-foreground text-[10px] tabular-nums">
              {pct(tick)}
            </text>
          </g>
        ))}
        {weeks.map((w, i) => {
          const cx = PAD.left + slot * i + slot / 2;
          const label = w.week.slice(-3);
          const tip =
            w.rate === null
              ? `${w.week} (from ${w.weekStart}): no inspections`
              : `${w.week} (from ${w.weekStart}): ${w.passed} of ${w.inspections} passed (${pct(w.rate)})`;
          return (
            <g key={w.week} data-week={w.week}>
              <title>{tip}</title>
              {w.rate === null ? (
                <line
                  x1={cx - bar / 2}
                  x2={cx + bar / 2}
                  y1={y(0) - 1.5}
                  y2={y(0) - 1.5}
                  className="stroke-muted-foreground"
                  strokeWidth={1.5}
                  strokeDasharray="2 2"
                />
              ) : (
                <>
                  <rect
                    x={cx - bar / 2}
                    y={y(w.rate)}
                    width={bar}
                    height={Math.max(1.5, y(0) - y(w.rate))}
                    rx={2}
                    fill="currentColor"
                    className={w.rate < 1 ? 'opacity-70' : undefined}
                  />
                  <text x={cx} y={y(w.rate) - 3} textAnchor="middle" className="fill-foreground text-[9px] tabular-nums">
                    {pct(w.rate)}
                  </text>
                </>
              )}
              <text
                x={cx}
                y={H - 8}
                textAnchor="middle"
                className={`text-[10px] ${i === weeks.length - 1 ? 'fill-foreground font-medium' : 'fill-muted-foreground'}`}
              >
                {label}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="text-xs text-muted-foreground">{summary}</figcaption>
      <details className="text-xs">
        <summary className="w-fit cursor-pointer rounded-sm text-link hover:underline focus-visible:outline-2 focus-visible:outline-ring">
          Show as table
        </summary>
        <PassRateTable weeks={weeks} />
      </details>
    </figure>
  );
}
