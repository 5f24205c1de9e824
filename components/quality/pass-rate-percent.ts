/** A pass rate (0–1) as a whole percentage, `92%`: no locale, so the server and the browser write the same. */
export const passRatePercent = (rate: number) => `${Math.round(rate * 100)}%`;
