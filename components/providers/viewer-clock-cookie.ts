/** The cookie the browser keeps its IANA time zone in, so the server formats times as the browser will (viewer-clock.tsx). */
export const TIME_ZONE_COOKIE = 'custos-tz';
