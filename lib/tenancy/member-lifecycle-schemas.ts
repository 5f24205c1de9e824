import { z } from 'zod';

/** `POST members/{id}/suspend`: why (optional; shown in the trail and mailed to the member). */
export const suspendMemberSchema = z
  .strictObject({ reason: z.string().trim().max(500, 'At most 500 characters.').optional() })
  .meta({ examples: [{ reason: 'On leave until 1 March' }] });
export type SuspendMemberInput = z.input<typeof suspendMemberSchema>;
