import { PATCH_OP_SCHEMA } from './discovery';
import { ScimError } from './errors';

/** One PATCH operation (RFC 7644 §3.5.2), `op` lower-cased (Entra ID sends "Replace", "Add", "Remove"). */
export type PatchOperation = { op: 'add' | 'replace' | 'remove'; path: string | null; value: unknown };

/**
 * The operations of a PatchOp body. Entra ID and Okta send `schemas: [PatchOp]` and `Operations`; a body without
 * operations, an unknown `op` or a remove without a path is 400 `invalidSyntax` / `noTarget`.
 */
export function parsePatchOperations(body: unknown): PatchOperation[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ScimError(400, 'Send a PatchOp: {"schemas":["' + PATCH_OP_SCHEMA + '"],"Operations":[…]}.', 'invalidSyntax');
  }
  const record = body as Record<string, unknown>;
  const schemas = record.schemas;
  if (schemas !== undefined && (!Array.isArray(schemas) || !schemas.includes(PATCH_OP_SCHEMA))) {
    throw new ScimError(400, `schemas must name ${PATCH_OP_SCHEMA}.`, 'invalidSyntax');
  }
  const operations = record.Operations ?? record.operations;
  if (!Array.isArray(operations) || operations.length === 0) {
    throw new ScimError(400, 'Operations must be a list of at least one operation.', 'invalidSyntax');
  }
  return operations.map((raw, index) => {
    if (typeof raw !== 'object' || raw === null) throw new ScimError(400, `Operations[${index}] must be an object.`, 'invalidSyntax');
    const o = raw as Record<string, unknown>;
    const op = typeof o.op === 'string' ? o.op.toLowerCase() : '';
    if (op !== 'add' && op !== 'replace' && op !== 'remove') {
      throw new ScimError(400, `Operations[${index}].op must be add, replace or remove.`, 'invalidSyntax');
    }
    const path = typeof o.path === 'string' && o.path.trim() ? o.path.trim() : null;
    if (o.path !== undefined && o.path !== null && typeof o.path !== 'string') {
      throw new ScimError(400, `Operations[${index}].path must be a string.`, 'invalidPath');
    }
    if (op === 'remove' && path === null) throw new ScimError(400, `Operations[${index}]: remove needs a path.`, 'noTarget');
    if (op !== 'remove' && o.value === undefined) throw new ScimError(400, `Operations[${index}] needs a value.`, 'invalidValue');
    return { op, path, value: o.value };
  });
}
