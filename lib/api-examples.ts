/**
 * Realistic values for the `examples` of the API document's schemas (zod `.meta({ examples })`), shared so that
 * one example's batch is the same batch as another's. tests/unit/schema-names.test.ts parses every example with
 * its own schema.
 */
export const EXAMPLE_IDS = {
  tenant: '7003a362-4875-4c19-a96e-75d8487e297c',
  user: 'fa0a7f88-b162-4fe3-acb2-df9e38dd3d5a',
  reviewer: '5084b350-afb3-4372-9b5a-9b69c3791e1b',
  membership: 'aff15c7b-a0a8-4626-a46a-d0128d7db707',
  role: 'bf7b0492-9c09-4710-8b01-ebd41f705b74',
  otherRole: 'e232f639-8f36-49c1-b985-c6822d43d56f',
  team: '48c4bff4-2bb8-4fe9-85cf-dc8d6c5350e2',
  site: '57aeb60e-f88e-4693-8894-29999f99c575',
  batch: '7250224b-b0c7-4dd6-8234-ceccf3509b7a',
  inspection: '004650f9-c133-4050-8d8d-4ac58ca2203d',
  signature: '4dacebee-5efa-48cb-b297-49ed9dac574f',
  note: '96548bea-79b5-4f1d-8be7-2fef8ec7a1ff',
  attachment: '337b8122-84a0-4fb2-b691-65f200e35951',
  apiKey: 'c0a19a67-ed98-40f8-a691-c10fc66c3ed1',
  invitation: '0b36d3c6-0839-41b9-b438-0df31618a1e1',
  session: '8da9bd9c-b1e3-4a5e-85a9-a9cfd37ce1d6',
  system: '5e47016a-e885-464d-8893-bda4a8ba3ed1',
  serialJob: 'e1cb4775-3c6d-4d2e-80cc-ef96c6c1e2b6',
  auditEvent: 'c0d72473-a34a-4b2e-85f3-3b5f993728f1',
  statusChange: 'dc71deac-f355-4c7a-adb5-f2dd9879b170',
} as const;

export const EXAMPLE_TIMES = {
  created: '2026-01-12T08:30:00.000Z',
  updated: '2026-01-14T15:05:12.000Z',
  signed: '2026-01-15T10:42:07.000Z',
  expires: '2026-01-19T08:30:00.000Z',
} as const;

/** A GTIN-14 with a valid GS1 check digit, and a GS1 AI (10) batch number. */
export const EXAMPLE_GTIN = '09506000134352';
export const EXAMPLE_BATCH_NUMBER = 'LOT-2026-0042';
/** SHA-256 hex, as record hashes, attachment digests and audit hashes are written. */
export const EXAMPLE_SHA256 = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';
export const EXAMPLE_PERSON = { id: EXAMPLE_IDS.user, name: 'Dana Whitfield' } as const;
export const EXAMPLE_REVIEWER = { id: EXAMPLE_IDS.reviewer, name: 'Sam Okafor' } as const;
export const EXAMPLE_CURSOR = 'eyJrIjoiMjAyNi0wMS0xMlQwODozMDowMC4wMDBaIiwiaWQiOiI3MjUwIn0';
