// Every /api/v1 route module, for the generated OpenAPI document (app/api/openapi.json).
// tests/unit/api-routes.test.ts fails when a route.ts under app/api/v1 is missing here.
import * as authLogout from './auth/logout/route';
import * as authRefresh from './auth/refresh/route';
import * as authToken from './auth/token/route';
import * as authTokenMfa from './auth/token/mfa/route';
import * as meMfaVerify from './me/mfa/verify/route';
import * as meMfaVerifyPasskey from './me/mfa/verify/passkey/route';
import * as meMfaVerifyPasskeyOptions from './me/mfa/verify/passkey/options/route';
import * as me from './me/route';
import * as meSessions from './me/sessions/route';
import * as meSession from './me/sessions/[id]/route';
import * as meAvatar from './me/avatar/route';
import * as mePassword from './me/password/route';
import * as meMfa from './me/mfa/route';
import * as meMfaTotp from './me/mfa/totp/route';
import * as meMfaTotpConfirm from './me/mfa/totp/confirm/route';
import * as meMfaRecoveryCodes from './me/mfa/recovery-codes/route';
import * as meMfaPasskeyOptions from './me/mfa/passkeys/options/route';
import * as meMfaPasskeys from './me/mfa/passkeys/route';
import * as meMfaPasskey from './me/mfa/passkeys/[id]/route';
import * as tenantMemberMfaReset from './tenants/[tenant]/members/[id]/mfa/reset/route';
import * as userAvatar from './users/[id]/avatar/route';
import * as tenant from './tenants/[tenant]/route';
import * as tenants from './tenants/route';
import * as tenantApiKeys from './tenants/[tenant]/api-keys/route';
import * as tenantApiKey from './tenants/[tenant]/api-keys/[id]/route';
import * as tenantScimTokens from './tenants/[tenant]/scim-tokens/route';
import * as tenantScimToken from './tenants/[tenant]/scim-tokens/[id]/route';
import * as tenantMembers from './tenants/[tenant]/members/route';
import * as tenantMembersExport from './tenants/[tenant]/members/export/route';
import * as tenantSsoConnections from './tenants/[tenant]/sso-connections/route';
import * as tenantSsoConnection from './tenants/[tenant]/sso-connections/[id]/route';
import * as tenantDomains from './tenants/[tenant]/domains/route';
import * as tenantDomain from './tenants/[tenant]/domains/[id]/route';
import * as tenantDomainVerify from './tenants/[tenant]/domains/[id]/verify/route';
import * as adminTenantDomainVerify from './admin/tenants/[tenant]/domains/[id]/verify/route';
import * as adminTenantDomains from './admin/tenants/[tenant]/domains/route';
import * as authSsoDiscovery from './auth/sso-discovery/route';
import * as tenantMember from './tenants/[tenant]/members/[id]/route';
import * as tenantMemberPermissions from './tenants/[tenant]/members/[id]/permissions/route';
import * as tenantMemberOverrides from './tenants/[tenant]/members/[id]/overrides/route';
import * as tenantAuthorize from './tenants/[tenant]/authorize/route';
import * as authRegister from './auth/register/route';
import * as authVerifyEmail from './auth/verify-email/route';
import * as authResendVerification from './auth/resend-verification/route';
import * as authForgotPassword from './auth/forgot-password/route';
import * as authResetPassword from './auth/reset-password/route';
import * as adminTenants from './admin/tenants/route';
import * as adminTenant from './admin/tenants/[tenant]/route';
import * as adminAuditEvents from './admin/audit-events/route';
import * as adminUsers from './admin/users/route';
import * as adminUserDeactivate from './admin/users/[id]/deactivate/route';
import * as adminUserReactivate from './admin/users/[id]/reactivate/route';
import * as tenantMemberSuspend from './tenants/[tenant]/members/[id]/suspend/route';
import * as tenantMemberReactivate from './tenants/[tenant]/members/[id]/reactivate/route';
import * as tenantRoles from './tenants/[tenant]/roles/route';
import * as tenantRole from './tenants/[tenant]/roles/[id]/route';
import * as tenantTeams from './tenants/[tenant]/teams/route';
import * as tenantTeam from './tenants/[tenant]/teams/[id]/route';
import * as tenantTeamMembers from './tenants/[tenant]/teams/[id]/members/route';
import * as tenantSystems from './tenants/[tenant]/systems/route';
import * as tenantSystem from './tenants/[tenant]/systems/[slug]/route';
import * as tenantSystemClients from './tenants/[tenant]/systems/[slug]/clients/route';
import * as tenantSystemClient from './tenants/[tenant]/systems/[slug]/clients/[clientId]/route';
import * as tenantSystemClientSecret from './tenants/[tenant]/systems/[slug]/clients/[clientId]/secret/route';
import * as tenantInvitations from './tenants/[tenant]/invitations/route';
import * as tenantInvitationsBulk from './tenants/[tenant]/invitations/bulk/route';
import * as tenantInvitation from './tenants/[tenant]/invitations/[id]/route';
import * as tenantInvitationResend from './tenants/[tenant]/invitations/[id]/resend/route';
import * as tenantAuditEvents from './tenants/[tenant]/audit-events/route';
import * as tenantAuditEventsVerify from './tenants/[tenant]/audit-events/verify/route';
import * as tenantAuditEventsExport from './tenants/[tenant]/audit-events/export/route';
import * as tenantSites from './tenants/[tenant]/sites/route';
import * as tenantSite from './tenants/[tenant]/sites/[id]/route';
import * as tenantBatches from './tenants/[tenant]/batches/route';
import * as tenantBatch from './tenants/[tenant]/batches/[id]/route';
import * as tenantBatchTransitions from './tenants/[tenant]/batches/[id]/transitions/route';
import * as tenantBatchReleaseCheck from './tenants/[tenant]/batches/[id]/release-check/route';
import * as tenantBatchInspections from './tenants/[tenant]/batches/[id]/inspections/route';
import * as tenantInspection from './tenants/[tenant]/inspections/[id]/route';
import * as tenantInspectionReview from './tenants/[tenant]/inspections/[id]/review/route';
import * as tenantSampleSize from './tenants/[tenant]/sample-size/route';
import * as tenantBatchNotes from './tenants/[tenant]/batches/[id]/notes/route';
import * as tenantBatchAttachments from './tenants/[tenant]/batches/[id]/attachments/route';
import * as tenantInspectionNotes from './tenants/[tenant]/inspections/[id]/notes/route';
import * as tenantInspectionAttachments from './tenants/[tenant]/inspections/[id]/attachments/route';
import * as tenantAttachment from './tenants/[tenant]/attachments/[id]/route';
import * as tenantMemberNotes from './tenants/[tenant]/members/[id]/notes/route';
import * as tenantMemberAttachments from './tenants/[tenant]/members/[id]/attachments/route';
import * as tenantSiteNotes from './tenants/[tenant]/sites/[id]/notes/route';
import * as tenantSiteAttachments from './tenants/[tenant]/sites/[id]/attachments/route';
import * as tenantSystemNotes from './tenants/[tenant]/systems/[slug]/notes/route';
import * as tenantSystemAttachments from './tenants/[tenant]/systems/[slug]/attachments/route';
import * as tenantTeamNotes from './tenants/[tenant]/teams/[id]/notes/route';
import * as tenantTeamAttachments from './tenants/[tenant]/teams/[id]/attachments/route';
import * as tenantAccessReviews from './tenants/[tenant]/access-reviews/route';
import * as tenantAccessReview from './tenants/[tenant]/access-reviews/[id]/route';
import * as tenantAccessReviewItems from './tenants/[tenant]/access-reviews/[id]/items/route';
import * as tenantAccessReviewItem from './tenants/[tenant]/access-reviews/[id]/items/[itemId]/route';
import * as tenantAccessReviewSign from './tenants/[tenant]/access-reviews/[id]/sign/route';
import * as tenantAccessReviewClose from './tenants/[tenant]/access-reviews/[id]/close/route';
import * as tenantAccessReviewReport from './tenants/[tenant]/access-reviews/[id]/report/route';
import * as tenantAccessReviewNotes from './tenants/[tenant]/access-reviews/[id]/notes/route';
import * as tenantAccessReviewAttachments from './tenants/[tenant]/access-reviews/[id]/attachments/route';
import * as tenantNote from './tenants/[tenant]/notes/[noteId]/route';
import * as tenantNoteVersions from './tenants/[tenant]/notes/[noteId]/versions/route';
import * as tenantBatchExport from './tenants/[tenant]/batches/[id]/export/route';
import * as tenantDashboard from './tenants/[tenant]/dashboard/route';
import * as tenantBatchSerials from './tenants/[tenant]/batches/[id]/serials/route';
import * as tenantBatchSerialsExport from './tenants/[tenant]/batches/[id]/serials/export/route';
import * as tenantBatchSerialsStatus from './tenants/[tenant]/batches/[id]/serials/status/route';
import * as tenantBatchSerialsSummary from './tenants/[tenant]/batches/[id]/serials/summary/route';
import * as tenantBatchSerial from './tenants/[tenant]/batches/[id]/serials/[serial]/route';
import * as tenantBatchSerialJobs from './tenants/[tenant]/batches/[id]/serial-jobs/route';
import * as tenantJob from './tenants/[tenant]/jobs/[id]/route';
import * as tenantNotificationDigests from './tenants/[tenant]/notification-digests/route';
import * as tenantNotificationDigest from './tenants/[tenant]/notification-digests/[id]/route';
import * as invitation from './invitations/[token]/route';
import * as invitationAccept from './invitations/[token]/accept/route';
import * as tenantWebhooks from './tenants/[tenant]/webhooks/route';
import * as tenantWebhook from './tenants/[tenant]/webhooks/[id]/route';
import * as tenantWebhookSecret from './tenants/[tenant]/webhooks/[id]/secret/route';
import * as tenantWebhookDeliveries from './tenants/[tenant]/webhooks/[id]/deliveries/route';
import * as tenantWebhookDelivery from './tenants/[tenant]/webhooks/[id]/deliveries/[deliveryId]/route';
import * as tenantWebhookDeliveryReplay from './tenants/[tenant]/webhooks/[id]/deliveries/[deliveryId]/replay/route';
import * as tenantWebhookReplay from './tenants/[tenant]/webhooks/[id]/replay/route';
import * as tenantWebhookTest from './tenants/[tenant]/webhooks/[id]/test/route';
import * as tenantWebhookEventTypes from './tenants/[tenant]/webhook-event-types/route';
import * as tenantTasks from './tenants/[tenant]/tasks/route';
import * as tenantTask from './tenants/[tenant]/tasks/[id]/route';
import * as tenantTaskAssignees from './tenants/[tenant]/tasks/assignees/route';
import * as tenantRecords from './tenants/[tenant]/records/route';

export const apiRouteModules: Record<string, Record<string, unknown>> = {
  'auth/register/route.ts': authRegister,
  'auth/verify-email/route.ts': authVerifyEmail,
  'auth/resend-verification/route.ts': authResendVerification,
  'auth/forgot-password/route.ts': authForgotPassword,
  'auth/reset-password/route.ts': authResetPassword,
  'auth/logout/route.ts': authLogout,
  'auth/refresh/route.ts': authRefresh,
  'auth/token/route.ts': authToken,
  'auth/token/mfa/route.ts': authTokenMfa,
  'me/mfa/verify/route.ts': meMfaVerify,
  'me/mfa/verify/passkey/route.ts': meMfaVerifyPasskey,
  'me/mfa/verify/passkey/options/route.ts': meMfaVerifyPasskeyOptions,
  'me/route.ts': me,
  'me/sessions/route.ts': meSessions,
  'me/sessions/[id]/route.ts': meSession,
  'me/avatar/route.ts': meAvatar,
  'me/password/route.ts': mePassword,
  'me/mfa/route.ts': meMfa,
  'me/mfa/totp/route.ts': meMfaTotp,
  'me/mfa/totp/confirm/route.ts': meMfaTotpConfirm,
  'me/mfa/recovery-codes/route.ts': meMfaRecoveryCodes,
  'me/mfa/passkeys/options/route.ts': meMfaPasskeyOptions,
  'me/mfa/passkeys/route.ts': meMfaPasskeys,
  'me/mfa/passkeys/[id]/route.ts': meMfaPasskey,
  'users/[id]/avatar/route.ts': userAvatar,
  'tenants/[tenant]/route.ts': tenant,
  'tenants/route.ts': tenants,
  'admin/tenants/route.ts': adminTenants,
  'admin/tenants/[tenant]/route.ts': adminTenant,
  'admin/audit-events/route.ts': adminAuditEvents,
  'admin/users/route.ts': adminUsers,
  'admin/users/[id]/deactivate/route.ts': adminUserDeactivate,
  'admin/users/[id]/reactivate/route.ts': adminUserReactivate,
  'tenants/[tenant]/api-keys/route.ts': tenantApiKeys,
  'tenants/[tenant]/api-keys/[id]/route.ts': tenantApiKey,
  'tenants/[tenant]/scim-tokens/route.ts': tenantScimTokens,
  'tenants/[tenant]/scim-tokens/[id]/route.ts': tenantScimToken,
  'tenants/[tenant]/members/route.ts': tenantMembers,
  'tenants/[tenant]/members/export/route.ts': tenantMembersExport,
  'tenants/[tenant]/sso-connections/route.ts': tenantSsoConnections,
  'tenants/[tenant]/sso-connections/[id]/route.ts': tenantSsoConnection,
  'tenants/[tenant]/domains/route.ts': tenantDomains,
  'tenants/[tenant]/domains/[id]/route.ts': tenantDomain,
  'tenants/[tenant]/domains/[id]/verify/route.ts': tenantDomainVerify,
  'admin/tenants/[tenant]/domains/[id]/verify/route.ts': adminTenantDomainVerify,
  'admin/tenants/[tenant]/domains/route.ts': adminTenantDomains,
  'auth/sso-discovery/route.ts': authSsoDiscovery,
  'tenants/[tenant]/members/[id]/route.ts': tenantMember,
  'tenants/[tenant]/members/[id]/permissions/route.ts': tenantMemberPermissions,
  'tenants/[tenant]/members/[id]/overrides/route.ts': tenantMemberOverrides,
  'tenants/[tenant]/members/[id]/mfa/reset/route.ts': tenantMemberMfaReset,
  'tenants/[tenant]/members/[id]/suspend/route.ts': tenantMemberSuspend,
  'tenants/[tenant]/members/[id]/reactivate/route.ts': tenantMemberReactivate,
  'tenants/[tenant]/authorize/route.ts': tenantAuthorize,
  'tenants/[tenant]/roles/route.ts': tenantRoles,
  'tenants/[tenant]/roles/[id]/route.ts': tenantRole,
  'tenants/[tenant]/teams/route.ts': tenantTeams,
  'tenants/[tenant]/teams/[id]/route.ts': tenantTeam,
  'tenants/[tenant]/teams/[id]/members/route.ts': tenantTeamMembers,
  'tenants/[tenant]/systems/route.ts': tenantSystems,
  'tenants/[tenant]/systems/[slug]/route.ts': tenantSystem,
  'tenants/[tenant]/systems/[slug]/clients/route.ts': tenantSystemClients,
  'tenants/[tenant]/systems/[slug]/clients/[clientId]/route.ts': tenantSystemClient,
  'tenants/[tenant]/systems/[slug]/clients/[clientId]/secret/route.ts': tenantSystemClientSecret,
  'tenants/[tenant]/invitations/route.ts': tenantInvitations,
  'tenants/[tenant]/invitations/bulk/route.ts': tenantInvitationsBulk,
  'tenants/[tenant]/invitations/[id]/route.ts': tenantInvitation,
  'tenants/[tenant]/invitations/[id]/resend/route.ts': tenantInvitationResend,
  'tenants/[tenant]/audit-events/route.ts': tenantAuditEvents,
  'tenants/[tenant]/audit-events/verify/route.ts': tenantAuditEventsVerify,
  'tenants/[tenant]/audit-events/export/route.ts': tenantAuditEventsExport,
  'tenants/[tenant]/sites/route.ts': tenantSites,
  'tenants/[tenant]/sites/[id]/route.ts': tenantSite,
  'tenants/[tenant]/batches/route.ts': tenantBatches,
  'tenants/[tenant]/batches/[id]/route.ts': tenantBatch,
  'tenants/[tenant]/batches/[id]/transitions/route.ts': tenantBatchTransitions,
  'tenants/[tenant]/batches/[id]/release-check/route.ts': tenantBatchReleaseCheck,
  'tenants/[tenant]/batches/[id]/inspections/route.ts': tenantBatchInspections,
  'tenants/[tenant]/inspections/[id]/route.ts': tenantInspection,
  'tenants/[tenant]/inspections/[id]/review/route.ts': tenantInspectionReview,
  'tenants/[tenant]/sample-size/route.ts': tenantSampleSize,
  'tenants/[tenant]/batches/[id]/notes/route.ts': tenantBatchNotes,
  'tenants/[tenant]/batches/[id]/attachments/route.ts': tenantBatchAttachments,
  'tenants/[tenant]/inspections/[id]/notes/route.ts': tenantInspectionNotes,
  'tenants/[tenant]/inspections/[id]/attachments/route.ts': tenantInspectionAttachments,
  'tenants/[tenant]/attachments/[id]/route.ts': tenantAttachment,
  'tenants/[tenant]/members/[id]/notes/route.ts': tenantMemberNotes,
  'tenants/[tenant]/members/[id]/attachments/route.ts': tenantMemberAttachments,
  'tenants/[tenant]/sites/[id]/notes/route.ts': tenantSiteNotes,
  'tenants/[tenant]/sites/[id]/attachments/route.ts': tenantSiteAttachments,
  'tenants/[tenant]/systems/[slug]/notes/route.ts': tenantSystemNotes,
  'tenants/[tenant]/systems/[slug]/attachments/route.ts': tenantSystemAttachments,
  'tenants/[tenant]/teams/[id]/notes/route.ts': tenantTeamNotes,
  'tenants/[tenant]/teams/[id]/attachments/route.ts': tenantTeamAttachments,
  'tenants/[tenant]/access-reviews/route.ts': tenantAccessReviews,
  'tenants/[tenant]/access-reviews/[id]/route.ts': tenantAccessReview,
  'tenants/[tenant]/access-reviews/[id]/items/route.ts': tenantAccessReviewItems,
  'tenants/[tenant]/access-reviews/[id]/items/[itemId]/route.ts': tenantAccessReviewItem,
  'tenants/[tenant]/access-reviews/[id]/sign/route.ts': tenantAccessReviewSign,
  'tenants/[tenant]/access-reviews/[id]/close/route.ts': tenantAccessReviewClose,
  'tenants/[tenant]/access-reviews/[id]/report/route.ts': tenantAccessReviewReport,
  'tenants/[tenant]/access-reviews/[id]/notes/route.ts': tenantAccessReviewNotes,
  'tenants/[tenant]/access-reviews/[id]/attachments/route.ts': tenantAccessReviewAttachments,
  'tenants/[tenant]/notes/[noteId]/route.ts': tenantNote,
  'tenants/[tenant]/notes/[noteId]/versions/route.ts': tenantNoteVersions,
  'tenants/[tenant]/batches/[id]/export/route.ts': tenantBatchExport,
  'tenants/[tenant]/dashboard/route.ts': tenantDashboard,
  'tenants/[tenant]/batches/[id]/serials/route.ts': tenantBatchSerials,
  'tenants/[tenant]/batches/[id]/serials/export/route.ts': tenantBatchSerialsExport,
  'tenants/[tenant]/batches/[id]/serials/status/route.ts': tenantBatchSerialsStatus,
  'tenants/[tenant]/batches/[id]/serials/summary/route.ts': tenantBatchSerialsSummary,
  'tenants/[tenant]/batches/[id]/serials/[serial]/route.ts': tenantBatchSerial,
  'tenants/[tenant]/batches/[id]/serial-jobs/route.ts': tenantBatchSerialJobs,
  'tenants/[tenant]/jobs/[id]/route.ts': tenantJob,
  'tenants/[tenant]/notification-digests/route.ts': tenantNotificationDigests,
  'tenants/[tenant]/notification-digests/[id]/route.ts': tenantNotificationDigest,
  'invitations/[token]/route.ts': invitation,
  'invitations/[token]/accept/route.ts': invitationAccept,
  'tenants/[tenant]/webhooks/route.ts': tenantWebhooks,
  'tenants/[tenant]/webhooks/[id]/route.ts': tenantWebhook,
  'tenants/[tenant]/webhooks/[id]/secret/route.ts': tenantWebhookSecret,
  'tenants/[tenant]/webhooks/[id]/deliveries/route.ts': tenantWebhookDeliveries,
  'tenants/[tenant]/webhooks/[id]/deliveries/[deliveryId]/route.ts': tenantWebhookDelivery,
  'tenants/[tenant]/webhooks/[id]/deliveries/[deliveryId]/replay/route.ts': tenantWebhookDeliveryReplay,
  'tenants/[tenant]/webhooks/[id]/replay/route.ts': tenantWebhookReplay,
  'tenants/[tenant]/webhooks/[id]/test/route.ts': tenantWebhookTest,
  'tenants/[tenant]/webhook-event-types/route.ts': tenantWebhookEventTypes,
  'tenants/[tenant]/tasks/route.ts': tenantTasks,
  'tenants/[tenant]/tasks/[id]/route.ts': tenantTask,
  'tenants/[tenant]/tasks/assignees/route.ts': tenantTaskAssignees,
  'tenants/[tenant]/records/route.ts': tenantRecords,
};
