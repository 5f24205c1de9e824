import { z } from 'zod';
import { listMembersQuerySchema } from './member-schemas';

/** The members export's file formats: CSV (a spreadsheet) or JSON (the list's items). */
export const MEMBER_EXPORT_FORMATS = ['csv', 'json'] as const;
export type MemberExportFormat = (typeof MEMBER_EXPORT_FORMATS)[number];

/**
 * `GET …/members/export`: the members list's filters and order (`q`, `role`, `attribute`, `status`, `sort`, `dir`),
 * no page (`limit`, `cursor`: the export holds every matching member), and `format` (`csv`, the default, or `json`).
 */
export const memberExportQuerySchema = listMembersQuerySchema.omit({ limit: true, cursor: true }).extend({
  format: z.enum(MEMBER_EXPORT_FORMATS, { message: "Use 'csv' or 'json'." }).default('csv'),
});
export type MemberExportQuery = z.input<typeof memberExportQuerySchema>;
