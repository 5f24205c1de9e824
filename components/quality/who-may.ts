import { DEFAULT_ROLES } from '@/lib/access/permissions';

const roleWord = (name: string) => (name === 'qa' ? 'QA' : name);

const joinWords = (words: string[]) => (words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`);

/**
 * Who may take a step the viewer may not, in role words: "someone with the QA or operator role". Read from the
 * default roles (lib/access/permissions.ts), so it names the roles a tenant starts with; a tenant's own roles may
 * add more, hence "someone with".
 */
export function whoMay(permission: string): string {
  const roles = DEFAULT_ROLES.filter((r) => (r.permissions as readonly string[]).includes(permission)).map((r) => roleWord(r.name));
  if (roles.length === 0) return 'someone whose role allows it';
  return `someone with the ${joinWords(roles)} role`;
}
