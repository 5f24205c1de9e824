/** What the console chrome needs to know, passed in by the server layouts (components never fetch). */
export type ConsoleUser = { name: string; email: string; isPlatformAdmin: boolean };
export type ConsoleTenantSummary = { slug: string; name: string; status: 'active' | 'suspended'; roles: string[] };
export type CurrentTenant = { slug: string; name: string; status: 'active' | 'suspended'; planId: string };
