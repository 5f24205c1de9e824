import { ScimError } from './errors';

/**
 * The filters this service understands (RFC 7644 §3.4.2.2), the ones directories send to find a resource before
 * creating it: one `eq` comparison of a supported attribute with a value, such as `userName eq "ann@acme.test"`,
 * `externalId eq "58342554"`, `emails[type eq "work"].value eq "ann@acme.test"`, `displayName eq "QA"`. Attribute
 * names are case-insensitive. Anything else is 400 `invalidFilter` naming what is supported.
 */
export type ScimFilter = { attribute: string; value: string | number | boolean | null };

const COMPARISON = /^\s*([A-Za-z][\w:.$-]*(?:\[[^\]]*\])?(?:\.[A-Za-z][\w$-]*)?)\s+(eq)\s+(.+?)\s*$/i;
const VALUE_FILTER = /^([A-Za-z][\w$-]*)\[\s*type\s+eq\s+"([^"]*)"\s*\](?:\.([A-Za-z][\w$-]*))?$/i;

export function parseScimFilter(filter: string, supported: readonly string[]): ScimFilter {
  const match = COMPARISON.exec(filter);
  const refuse = () =>
    new ScimError(
      400,
      `This filter is not supported. Use one comparison with eq, on ${supported.join(', ')}, such as ${supported[0]} eq "value".`,
      'invalidFilter',
    );
  if (!match) throw refuse();
  const [, rawPath, , rawValue] = match;
  let attribute = rawPath;
  const valueFilter = VALUE_FILTER.exec(rawPath);
  if (valueFilter) {
    // emails[type eq "work"].value: the work address is the only one kept, so it is the address.
    if (valueFilter[2].toLowerCase() !== 'work') throw refuse();
    attribute = `${valueFilter[1]}.${valueFilter[3] ?? 'value'}`;
  }
  attribute = attribute.replace(/^urn:ietf:params:scim:schemas:core:2\.0:(User|Group):/i, '').toLowerCase();
  const known = supported.find((s) => s.toLowerCase() === attribute);
  if (!known) throw refuse();
  return { attribute: known, value: parseValue(rawValue, refuse) };
}

function parseValue(raw: string, refuse: () => ScimError): ScimFilter['value'] {
  if (raw === 'true' || raw === 'false') return raw === 'true';
  if (raw === 'null') return null;
  if (/^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
  if (raw.startsWith('"') && raw.endsWith('"') && raw.length >= 2) {
    try {
      const value: unknown = JSON.parse(raw);
      if (typeof value === 'string') return value;
    } catch {
      // fall through
    }
  }
  throw refuse();
}
