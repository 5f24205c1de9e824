/**
 * The colour theme is a cookie, read by the root layout, which puts `light` or `dark` on <html>.
 * "system" (or no cookie) leaves <html> without a class and globals.css follows prefers-color-scheme,
 * so there is no inline script, no flash and nothing for the CSP to allow.
 */
export const THEME_COOKIE = 'custos-theme';
export const THEMES = ['light', 'dark', 'system'] as const;
export type Theme = (typeof THEMES)[number];

export function parseTheme(value: string | undefined | null): Theme {
  return value === 'light' || value === 'dark' ? value : 'system';
}

/** The class for <html>: the chosen theme, or none for "system". */
export function themeClass(theme: Theme): string | undefined {
  return theme === 'system' ? undefined : theme;
}
