/**
 * The URL of a person's picture at a thumbnail size: Custos's own avatar URLs (`/api/v1/users/{id}/avatar?v=…`) get
 * `size=64|256`; any other picture URL is left as it is. Safe in the browser (no server imports).
 */
export function avatarSrc(image: string | null | undefined, size: 64 | 256): string | null {
  if (!image) return null;
  if (!/^\/api\/v1\/users\/[^/?#]+\/avatar(\?|$)/.test(image)) return image;
  return `${image}${image.includes('?') ? '&' : '?'}size=${size}`;
}
