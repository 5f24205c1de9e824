/**
 * Mail templates: each renders a subject, a plain-text body and an HTML body with the product's look.
 * Links are absolute, built from APP_URL. Values are escaped; templates never include secrets other than
 * the link a message exists to deliver.
 */
export type Rendered = { subject: string; text: string; html: string };

/** `items`: a list under the paragraphs (a digest's events), each line with an optional link. */
type Block = {
  heading: string;
  paragraphs: string[];
  items?: { text: string; url?: string }[];
  action?: { label: string; url: string };
  footer?: string;
};

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function layout(subject: string, block: Block): Rendered {
  const text = [
    block.heading,
    '',
    ...block.paragraphs.flatMap((p) => [p, '']),
    ...(block.items?.length ? [...block.items.map((item) => `- ${item.text}${item.url ? `\n  ${item.url}` : ''}`), ''] : []),
    ...(block.action ? [`${block.action.label}: ${block.action.url}`, ''] : []),
    block.footer ?? 'You received this because of an action on your Custos account.',
    '— Custos',
  ].join('\n');
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:24px;background:#f4f4f5;font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:#18181b">
  <table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center">
    <table role="presentation" width="560" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border:1px solid #e4e4e7;border-radius:10px">
      <tr><td style="padding:20px 28px;border-bottom:1px solid #e4e4e7;font-weight:600;font-size:15px;letter-spacing:.02em">Custos</td></tr>
      <tr><td style="padding:28px">
        <h1 style="margin:0 0 16px;font-size:20px;line-height:28px">${escapeHtml(block.heading)}</h1>
        ${block.paragraphs.map((p) => `<p style="margin:0 0 14px;font-size:14px;line-height:22px;color:#3f3f46">${escapeHtml(p)}</p>`).join('\n        ')}
        ${
          block.items?.length
            ? `<ul style="margin:0 0 14px;padding-left:20px;font-size:14px;line-height:22px;color:#3f3f46">${block.items
                .map(
                  (item) =>
                    `<li style="margin:0 0 8px">${escapeHtml(item.text)}${item.url ? ` <a href="${escapeHtml(item.url)}" style="color:#4f46e5">Open</a>` : ''}</li>`,
                )
                .join('')}</ul>`
            : ''
        }
        ${
          block.action
            ? `<p style="margin:24px 0"><a href="${escapeHtml(block.action.url)}" style="display:inline-block;background:#4f46e5;color:#ffffff;text-decoration:none;font-weight:600;font-size:14px;padding:10px 18px;border-radius:6px">${escapeHtml(block.action.label)}</a></p>
        <p style="margin:0 0 14px;font-size:12px;line-height:18px;color:#71717a">Or paste this link into your browser:<br><a href="${escapeHtml(block.action.url)}" style="color:#4f46e5;word-break:break-all">${escapeHtml(block.action.url)}</a></p>`
            : ''
        }
      </td></tr>
      <tr><td style="padding:16px 28px;border-top:1px solid #e4e4e7;font-size:12px;line-height:18px;color:#71717a">${escapeHtml(block.footer ?? 'You received this because of an action on your Custos account.')}</td></tr>
    </table>
  </td></tr></table>
</body></html>`;
  return { subject, text, html };
}

export const templates = {
  verifyEmail: (d: { name: string; url: string }) =>
    layout('Confirm your email address', {
      heading: `Welcome to Custos, ${d.name}`,
      paragraphs: ['Confirm your email address to finish creating your account. The link works once and expires in 24 hours.'],
      action: { label: 'Confirm email address', url: d.url },
      footer: 'If you did not create a Custos account, ignore this message.',
    }),
  accountExists: (d: { name: string; signInUrl: string; resetUrl: string }) =>
    layout('Someone tried to create an account with your email', {
      heading: `Hello ${d.name}`,
      paragraphs: [
        'Someone (perhaps you) tried to create a Custos account with this email address, which already has one.',
        'If it was you, sign in instead, or reset your password if you forgot it.',
      ],
      action: { label: 'Sign in', url: d.signInUrl },
      footer: `Forgot your password? ${d.resetUrl}`,
    }),
  resetPassword: (d: { name: string; url: string }) =>
    layout('Reset your Custos password', {
      heading: 'Reset your password',
      paragraphs: [
        `Hello ${d.name}, we received a request to reset your password. The link works once and expires in 1 hour.`,
        'Resetting your password signs you out everywhere.',
      ],
      action: { label: 'Choose a new password', url: d.url },
      footer: 'If you did not ask for this, ignore this message: your password stays as it is.',
    }),
  passwordChanged: (d: { name: string; resetUrl: string }) =>
    layout('Your Custos password was changed', {
      heading: 'Your password was changed',
      paragraphs: [`Hello ${d.name}, the password of your Custos account was just changed, and your other sessions were signed out.`],
      footer: `If this was not you, reset your password now: ${d.resetUrl}`,
    }),
  passwordReset: (d: { name: string; resetUrl: string }) =>
    layout('Your Custos password was reset', {
      heading: 'Your password was reset',
      paragraphs: [
        `Hello ${d.name}, the password of your Custos account was just reset with a link sent to this address.`,
        'Every session was signed out: sign in again with the new password on each device you use.',
      ],
      footer: `If this was not you, someone can read this inbox: secure it, then reset your password again: ${d.resetUrl}`,
    }),
  accountLocked: (d: { name: string; minutes: number; unlockUrl: string; resetUrl: string }) =>
    layout('Sign-in to your Custos account is paused', {
      heading: 'Too many failed sign-in attempts',
      paragraphs: [
        `Hello ${d.name}, there were too many failed attempts to sign in to your account, so sign-in is paused for ${d.minutes} minutes.`,
        'To sign in now, lift the pause with the button below (the link works once, for one hour). A browser you signed in with before is not paused.',
        `If these attempts were not yours, your password may be targeted: resetting it ends every session: ${d.resetUrl}`,
      ],
      action: { label: 'Lift the pause', url: d.unlockUrl },
    }),
  invitation: (d: { tenantName: string; invitedBy: string; roles: string[]; expiresOn: string; url: string }) =>
    layout(`${d.invitedBy} invited you to ${d.tenantName} on Custos`, {
      heading: `Join ${d.tenantName} on Custos`,
      paragraphs: [
        `${d.invitedBy} invited you to join ${d.tenantName}${d.roles.length ? ` as ${d.roles.join(', ')}` : ''}.`,
        `Follow the link to accept: with an account you sign in, without one you choose a name and a password. The link works once and until ${d.expiresOn}.`,
      ],
      action: { label: `Join ${d.tenantName}`, url: d.url },
      footer: `If you did not expect this invitation, ignore this message: nothing happens unless you follow the link.`,
    }),
  secondFactorNotice: (d: {
    name: string;
    event:
      | 'totp_enabled'
      | 'totp_removed'
      | 'passkey_added'
      | 'passkey_removed'
      | 'recovery_codes_regenerated'
      | 'recovery_code_used'
      | 'codes_paused'
      | 'reset';
    /** The passkey's name, the codes left, or who reset the factors in which tenant. */
    detail?: string;
    securityUrl: string;
  }) => {
    const words = {
      totp_enabled: ['An authenticator app was added to your Custos account', 'Signing in now asks for a code from it.'],
      totp_removed: ['The authenticator app was removed from your Custos account', 'Its codes no longer work for signing in.'],
      passkey_added: [
        `A passkey was added to your Custos account`,
        `It is named “${d.detail ?? 'Passkey'}”. It can now be used to sign in.`,
      ],
      passkey_removed: ['A passkey was removed from your Custos account', `“${d.detail ?? 'Passkey'}” can no longer be used to sign in.`],
      recovery_codes_regenerated: ['New recovery codes were made for your Custos account', 'The earlier recovery codes no longer work.'],
      recovery_code_used: ['A recovery code was used on your Custos account', `It cannot be used again. ${d.detail ?? ''}`.trim()],
      codes_paused: [
        'Second-factor codes for your Custos account are paused',
        'Too many wrong codes were entered after your password, so codes are refused for 15 minutes. Someone may know your password.',
      ],
      reset: [
        'Your Custos second factors were reset',
        `${d.detail ?? 'An administrator'} removed your authenticator app, passkeys and recovery codes.`,
      ],
    }[d.event];
    return layout(words[0], {
      heading: words[0],
      paragraphs: [`Hello ${d.name}, ${words[0][0].toLowerCase()}${words[0].slice(1)}.`, words[1]],
      action: { label: 'Review your security settings', url: d.securityUrl },
      footer: 'If this was not you, change your password now and review your second factors and sessions.',
    });
  },
  accountDeactivated: (d: { name: string; reason: string | null }) =>
    layout('Your Custos account was deactivated', {
      heading: 'Your account was deactivated',
      paragraphs: [
        `Hello ${d.name}, a platform administrator deactivated your Custos account. You can no longer sign in, and your sessions, tokens and API keys have stopped working.`,
        ...(d.reason ? [`The reason given: ${d.reason}`] : []),
        'Your records and signatures are kept. If you think this is a mistake, contact your administrator.',
      ],
    }),
  accountReactivated: (d: { name: string; signInUrl: string }) =>
    layout('Your Custos account was reactivated', {
      heading: 'Your account was reactivated',
      paragraphs: [`Hello ${d.name}, a platform administrator reactivated your Custos account. You can sign in again.`],
      action: { label: 'Sign in', url: d.signInUrl },
    }),
  membershipSuspended: (d: { name: string; tenantName: string; reason: string | null }) =>
    layout(`Your access to ${d.tenantName} was suspended`, {
      heading: `Your access to ${d.tenantName} was suspended`,
      paragraphs: [
        `Hello ${d.name}, your membership of ${d.tenantName} in Custos is suspended: you cannot use this tenant until an administrator reactivates you. Your roles are kept for your return.`,
        ...(d.reason ? [`The reason given: ${d.reason}`] : []),
      ],
    }),
  membershipReactivated: (d: { name: string; tenantName: string; url: string }) =>
    layout(`Your access to ${d.tenantName} was restored`, {
      heading: `Your access to ${d.tenantName} was restored`,
      paragraphs: [`Hello ${d.name}, an administrator reactivated your membership of ${d.tenantName}. Your roles are as they were.`],
      action: { label: `Open ${d.tenantName}`, url: d.url },
    }),
  accessReviewReminder: (d: { name: string; tenantName: string; campaignName: string; dueOn: string; openItems: number; url: string }) =>
    layout(`Access review ${d.campaignName} is due on ${d.dueOn}`, {
      heading: `Access review due on ${d.dueOn}`,
      paragraphs: [
        `Hello ${d.name}, you review access in ${d.campaignName} (${d.tenantName}), due on ${d.dueOn}. ${d.openItems === 1 ? 'One member is' : `${d.openItems} members are`} still waiting for your signed decision.`,
        'Decide keep, revoke or modify for each, then sign your decisions.',
      ],
      action: { label: 'Open the review', url: d.url },
      footer: `You receive this once per campaign because you are a reviewer in ${d.tenantName}.`,
    }),
  accessReviewOverdue: (d: {
    name: string;
    tenantName: string;
    campaignName: string;
    dueOn: string;
    daysOverdue: number;
    openItems: number;
    reviewers: number;
    url: string;
  }) =>
    layout(`Access review ${d.campaignName} is overdue`, {
      heading: `Access review ${d.campaignName} is overdue`,
      paragraphs: [
        `Hello ${d.name}, the access review ${d.campaignName} in ${d.tenantName} was due on ${d.dueOn} (${d.daysOverdue === 1 ? 'one day' : `${d.daysOverdue} days`} ago) and is still open.`,
        `${d.openItems === 1 ? 'One item is' : `${d.openItems} items are`} not yet decided and signed, by ${d.reviewers === 1 ? 'one reviewer' : `${d.reviewers} reviewers`}.`,
      ],
      action: { label: 'Open the review', url: d.url },
      footer: `You receive this once per overdue campaign because you manage access reviews in ${d.tenantName}.`,
    }),
  dormancyWarning: (d: { name: string; tenantName: string; days: number; suspendOn: string; url: string }) =>
    layout(`Your access to ${d.tenantName} will be suspended soon`, {
      heading: `Your access to ${d.tenantName} will be suspended soon`,
      paragraphs: [
        `Hello ${d.name}, you have not used ${d.tenantName} for a while. Its administrators suspend members who have not used it for ${d.days} days, so your access will be suspended on ${d.suspendOn}.`,
        'To keep it, open the tenant before then.',
      ],
      action: { label: `Open ${d.tenantName}`, url: d.url },
    }),
  webhookEndpointDisabled: (d: {
    name: string;
    tenantName: string;
    endpointUrl: string;
    failingSince: string;
    lastError: string;
    url: string;
  }) =>
    layout(`A webhook endpoint of ${d.tenantName} was switched off`, {
      heading: `A webhook endpoint of ${d.tenantName} was switched off`,
      paragraphs: [
        `Hello ${d.name}, Custos could not deliver events to ${d.endpointUrl} since ${d.failingSince}, so it switched the endpoint off. Events raised from now on are not sent to it.`,
        `The last attempt failed with: ${d.lastError}`,
        'Once the receiver works again, switch the endpoint back on; you can send the missed deliveries again from its delivery log.',
      ],
      action: { label: 'Open webhooks', url: d.url },
      footer: 'You received this because you manage webhooks of this tenant in Custos.',
    }),
  notificationDigest: (d: {
    tenantName: string;
    digestName: string;
    period: string;
    events: { text: string; url?: string }[];
    more: number;
    auditUrl: string;
    settingsUrl: string;
  }) =>
    layout(`${d.digestName}: ${d.events.length + d.more} ${d.events.length + d.more === 1 ? 'event' : 'events'} in ${d.tenantName}`, {
      heading: `${d.digestName} · ${d.tenantName}`,
      paragraphs: [
        `What happened in ${d.tenantName} ${d.period}:`,
        ...(d.more > 0 ? [`The ${d.events.length} oldest are listed; ${d.more} more are in the audit trail.`] : []),
      ],
      items: d.events,
      action: d.more > 0 ? { label: `See all in the audit trail`, url: d.auditUrl } : undefined,
      footer: `You receive this email digest of ${d.tenantName} because an administrator added you to it. Change or stop it: ${d.settingsUrl}`,
    }),
  taskAssigned: (d: {
    name: string;
    tenantName: string;
    assignedBy: string;
    title: string;
    dueOn: string | null;
    priority: string;
    url: string;
  }) =>
    layout(`${d.assignedBy} assigned you a task in ${d.tenantName}`, {
      heading: d.title,
      paragraphs: [
        `Hello ${d.name}, ${d.assignedBy} assigned you this task in ${d.tenantName}.`,
        `${d.dueOn ? `Due on ${d.dueOn}` : 'No due date'} · priority ${d.priority.toLowerCase()}.`,
      ],
      action: { label: 'Open my tasks', url: d.url },
      footer: `You receive this because a task in ${d.tenantName} was assigned to you.`,
    }),
  tasksOverdue: (d: { name: string; tenantName: string; tasks: { title: string; dueOn: string }[]; url: string }) =>
    layout(`${d.tasks.length === 1 ? 'A task is' : `${d.tasks.length} tasks are`} overdue in ${d.tenantName}`, {
      heading: `Overdue in ${d.tenantName}`,
      paragraphs: [
        `Hello ${d.name}, ${d.tasks.length === 1 ? 'this task assigned to you is' : 'these tasks assigned to you are'} past their due date:`,
      ],
      items: d.tasks.map((t) => ({ text: `${t.title} (due ${t.dueOn})` })),
      action: { label: 'Open my tasks', url: d.url },
      footer: `You receive this once per due date for tasks assigned to you in ${d.tenantName}.`,
    }),
} satisfies Record<string, (data: never) => Rendered>;

export type TemplateName = keyof typeof templates;
export type TemplateData<T extends TemplateName> = Parameters<(typeof templates)[T]>[0];
