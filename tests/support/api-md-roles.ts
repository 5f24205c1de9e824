import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The default roles of API.md, read from its transcription tests/support/api-md-roles.md (API.md itself lives
 * outside the repository). The table's phrases are expanded against the catalog line:
 * "everything except `a`, `b`", "every `*.read`, `x y`", or a plain list of keys.
 */
export const ROLE_TABLE_FILE = path.resolve(import.meta.dirname, 'api-md-roles.md');
/** Where the contract is kept on the team's machines; when present, the transcription must equal its section. */
export const SHARED_API_MD = '/work/shared/API.md';

const keysIn = (text: string) => [...text.matchAll(/`([^`]+)`/g)].flatMap((m) => m[1].trim().split(/\s+/));

export function parseRoleTable(markdown: string): { catalog: string[]; roles: Record<string, string[]> } {
  const catalogMatch = /Catalog:\s*`([^`]+)`/.exec(markdown);
  if (!catalogMatch) throw new Error('api-md-roles.md: no Catalog line');
  const catalog = catalogMatch[1].trim().split(/\s+/);
  const roles: Record<string, string[]> = {};
  for (const line of markdown.split('\n')) {
    const cells = /^\|\s*([a-z_]+)\s*\|\s*(.+?)\s*\|$/.exec(line.trim());
    if (!cells || cells[1] === 'role') continue;
    const [, role, text] = cells;
    let granted: string[];
    if (text.startsWith('everything except')) {
      const except = new Set(keysIn(text));
      granted = catalog.filter((p) => !except.has(p));
    } else {
      const listed = keysIn(text);
      const wildcards = listed.filter((k) => k.includes('*'));
      const patterns = wildcards.map((w) => new RegExp(`^${w.replace(/\./g, '\\.').replace(/\*/g, '[a-z_]+')}$`));
      granted = [...new Set([...catalog.filter((p) => patterns.some((re) => re.test(p))), ...listed.filter((k) => !k.includes('*'))])];
    }
    const unknown = granted.filter((p) => !catalog.includes(p));
    if (unknown.length) throw new Error(`api-md-roles.md: role ${role} names keys outside the catalog: ${unknown.join(', ')}`);
    roles[role] = granted.sort();
  }
  return { catalog, roles };
}

export const roleTableText = () => readFileSync(ROLE_TABLE_FILE, 'utf8');
export const API_MD_ROLES = parseRoleTable(roleTableText());

/** The section of the shared API.md the transcription copies, or null where API.md is not on this machine (CI). */
export function sharedRoleSection(): string | null {
  if (!existsSync(SHARED_API_MD)) return null;
  const text = readFileSync(SHARED_API_MD, 'utf8');
  const start = text.indexOf('## Default roles and permissions');
  const end = text.indexOf('\n## ', start + 1);
  return start < 0 ? null : text.slice(start, end < 0 ? undefined : end + 1);
}
