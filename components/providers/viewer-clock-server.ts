import { cookies, headers } from 'next/headers';
import type { ViewerClock } from './viewer-clock';
import { TIME_ZONE_COOKIE } from './viewer-clock-cookie';

function validTimeZone(zone: string | undefined): string | null {
  if (!zone) return null;
  try {
    return new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

function firstLocale(acceptLanguage: string | null): string {
  for (const part of (acceptLanguage ?? '').split(',')) {
    const tag = part.split(';')[0].trim();
    if (!tag || tag === '*') continue;
    try {
      const [canonical] = Intl.getCanonicalLocales(tag);
      if (canonical && Intl.DateTimeFormat.supportedLocalesOf(canonical).length > 0) return canonical;
    } catch {
      // not a language tag: try the next
    }
  }
  return 'en';
}

/**
 * The viewer's clock for a server-rendered layout (server only): the zone their browser reported (cookie), else UTC,
 * and the first usable locale of Accept-Language, else English. Hand it to `<ViewerClockProvider initial={…}>`.
 */
export async function viewerClock(): Promise<ViewerClock> {
  const zone = validTimeZone((await cookies()).get(TIME_ZONE_COOKIE)?.value);
  return { timeZone: zone ?? 'UTC', locale: firstLocale((await headers()).get('accept-language')) };
}
