/** A member the dormant-member job warned or suspended (or, in a dry run, would). */
export type DormantMember = { tenant: string; email: string };

/**
 * The dormant-member job (tenant setting `deactivateAfterDays`): suspends members who have not used the tenant
 * for that many days and warns those within a week of it. `dryRun` lists them and changes nothing.
 * (Being written by the lifecycle helper; this signature is the contract.)
 */
export async function suspendDormantMembers(
  options: { dryRun?: boolean } = {},
): Promise<{ warned: DormantMember[]; suspended: DormantMember[] }> {
  void options;
  return { warned: [], suspended: [] };
}
