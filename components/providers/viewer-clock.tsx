'use client';

import * as React from 'react';
import { TIME_ZONE_COOKIE } from './viewer-clock-cookie';

/** The viewer's time zone and locale: what dates and times are formatted in. */
export type ViewerClock = { timeZone: string; locale: string };

const ViewerClockContext = React.createContext<ViewerClock | null>(null);

const subscribeNothing = () => () => {};

/**
 * Dates in server-rendered pages without hydration mismatches (React error #418). The server formats times in the zone
 * the browser reported last (cookie `custos-tz`, read by components/providers/viewer-clock-server.ts) and the locale of
 * Accept-Language; the browser's first render uses the same values, so the HTML and the hydrated page agree. If the
 * browser's zone differs (first visit, travel), it switches after hydration and remembers the zone for the next page.
 */
export function ViewerClockProvider({ initial, children }: { initial: ViewerClock; children: React.ReactNode }) {
  const [clock, setClock] = React.useState(initial);
  React.useEffect(() => {
    const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!timeZone) return;
    document.cookie = `${TIME_ZONE_COOKIE}=${encodeURIComponent(timeZone)}; path=/; max-age=31536000; samesite=lax`;
    // Adjusting to the browser after hydration is the point of this effect (the server could not know it).
    // eslint-disable-next-line react-hooks/set-state-in-effect
    if (timeZone !== initial.timeZone) setClock((c) => ({ ...c, timeZone }));
  }, [initial.timeZone]);
  return <ViewerClockContext.Provider value={clock}>{children}</ViewerClockContext.Provider>;
}

/**
 * The zone and locale to format times in. Under a ViewerClockProvider (console, account and admin layouts): the
 * provider's. Elsewhere: UTC in English while the page hydrates, then the browser's own — never a mismatch.
 */
export function useViewerClock(): ViewerClock {
  const provided = React.useContext(ViewerClockContext);
  const hydrated = React.useSyncExternalStore(
    subscribeNothing,
    () => true,
    () => false,
  );
  if (provided) return provided;
  if (!hydrated) return { timeZone: 'UTC', locale: 'en' };
  const resolved = Intl.DateTimeFormat().resolvedOptions();
  return { timeZone: resolved.timeZone, locale: resolved.locale };
}

/**
 * `Intl.DateTimeFormat` in the viewer's zone and locale: `useDateTimeFormat({ dateStyle: 'medium', timeStyle: 'short' }).format(date)`.
 * Use it instead of `new Intl.DateTimeFormat(undefined, …)` / `toLocaleString()` in anything the server renders.
 */
export function useDateTimeFormat(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const { timeZone, locale } = useViewerClock();
  const key = JSON.stringify(options);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- `options` is compared by value (key)
  return React.useMemo(() => new Intl.DateTimeFormat(locale, { ...options, timeZone }), [locale, timeZone, key]);
}

/** `Intl.NumberFormat` in the viewer's locale (the same on the server and in the browser): `useNumberFormat().format(120000)`. */
export function useNumberFormat(options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  const { locale } = useViewerClock();
  const key = JSON.stringify(options);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- `options` is compared by value (key)
  return React.useMemo(() => new Intl.NumberFormat(locale, options), [locale, key]);
}

/** A whole number in the viewer's locale ("120,000"), rendered alike on the server and in the browser. */
export function LocalNumber({ value }: { value: number }) {
  return <>{useNumberFormat().format(value)}</>;
}
