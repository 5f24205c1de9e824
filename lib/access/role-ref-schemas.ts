import { z } from 'zod';

/**
 * A role reference in a request body (`roles`, `roleIds`): the role's id, or its exact name. Names are unique in a
 * tenant (system-scoped roles included), so a name names one role; lib/access/resolve-role-refs.ts looks them up.
 */
export const roleRefSchema = z
  .string({ message: 'A role id or name.' })
  .trim()
  .min(1, 'A role id or name.')
  .max(60, 'At most 60 characters.')
  .meta({ description: "A role's id, or its exact name (`QA Reviewer`)." });

/** A list of role references, each role once. */
export const roleRefList = ({ min = 0, max }: { min?: number; max: number }) =>
  z
    .array(roleRefSchema, { message: 'A list of role ids or names.' })
    .min(min, min ? 'Choose at least one role.' : undefined)
    .max(max, `At most ${max}.`)
    .refine((refs) => new Set(refs).size === refs.length, 'Each role only once.');
