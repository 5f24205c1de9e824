import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath, launchBrowser, signInPage, toast } from './browser';
import { startServer, type RunningServer } from './server';

// The access-control journey of issue 4, in Chromium against the production build with the demo data:
// an admin creates a custom role on the roles page, assigns it on a member's page, the member's
// effective permissions name the new role as the source, and the member — already signed in in
// another browser — sees the page it unlocks on their next request.
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const signIn = (context: BrowserContext, email: string) => signInPage(context, server.url, email);

describe('access control journey', () => {
  it('admin creates a custom role, assigns it, and the member gets the new permission', async () => {
    const roleName = `auditor-${Date.now().toString(36)}`;
    const errors: string[] = [];

    // The viewer is signed in first, in their own browser: no Audit page for them yet.
    const viewerContext = await browser.newContext();
    const viewerPage = await signIn(viewerContext, 'viewer@acme.test');
    await viewerPage.goto(`${server.url}/t/acme`);
    const viewerNav = viewerPage.getByRole('navigation', { name: 'Console' });
    await viewerNav.getByRole('link', { name: 'Batches' }).waitFor();
    expect(await viewerNav.getByRole('link', { name: 'Audit' }).count()).toBe(0);

    const adminContext = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
    const page = await signIn(adminContext, 'admin@acme.test');
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('response', (r) => {
      if (r.status() >= 500) errors.push(`${r.status()} ${r.url()}`);
    });

    // Roles page: create the role through the dialog, picking from the permission catalog.
    await page.goto(`${server.url}/t/acme/roles`);
    await page.getByRole('table', { name: 'Permission matrix' }).waitFor();
    await page.getByRole('button', { name: 'New role' }).click();
    const dialog = page.getByRole('dialog', { name: 'New role' });
    await dialog.getByLabel('Name', { exact: true }).fill(roleName);
    await dialog.getByLabel('Description').fill('Reads the audit trail and batches.');
    await dialog.getByRole('checkbox', { name: 'View the audit trail audit.read', exact: true }).check();
    await dialog.getByRole('checkbox', { name: 'View batches batches.read', exact: true }).check();
    await dialog.getByRole('button', { name: 'Create role' }).click();
    await toast(page, `Role ${roleName} created`).waitFor();
    await dialog.waitFor({ state: 'hidden' });

    // The matrix has a column for it, custom, nobody holding it yet, with exactly the two boxes ticked.
    const column = page.getByRole('columnheader', { name: new RegExp(roleName) });
    await column.waitFor();
    await expect(column.textContent()).resolves.toMatch(/Custom.*0 members/);
    const matrix = page.getByRole('table', { name: 'Permission matrix' });
    await expect(matrix.getByRole('checkbox', { name: `${roleName}: audit.read` }).isChecked()).resolves.toBe(true);
    await expect(matrix.getByRole('checkbox', { name: `${roleName}: batches.read` }).isChecked()).resolves.toBe(true);
    await expect(matrix.getByRole('checkbox', { name: `${roleName}: audit.export` }).isChecked()).resolves.toBe(false);
    await column.scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifactPath('access-1-roles-new-role.png') });

    // Members page → the viewer's page. Before: audit.read is not among their effective permissions.
    await page.goto(`${server.url}/t/acme/members`);
    await page.getByRole('table', { name: 'Members' }).getByRole('link', { name: 'Vera Viewer' }).click();
    await page.waitForURL(/\/t\/acme\/members\/[^/]+$/);
    const effective = page.getByRole('region', { name: 'Batches', exact: true });
    await effective.getByText('granted by role viewer').waitFor();
    expect(await page.locator('[data-testid="effective-permission"][data-permission="audit.read"]').count()).toBe(0);

    // Assign the new role in the roles editor and save.
    const roleBox = page.getByRole('group', { name: 'Roles', exact: true }).getByRole('checkbox', { name: new RegExp(`^${roleName}\\b`) });
    await expect(roleBox.isDisabled()).resolves.toBe(false);
    // Admins appoint QA people (lib/access/policy.ts): the qa role is offered though it carries batches.release.
    const qaBox = page.getByRole('group', { name: 'Roles', exact: true }).getByRole('checkbox', { name: /^qa\b/ });
    await expect(qaBox.isDisabled()).resolves.toBe(false);
    await roleBox.check();
    await page.getByRole('button', { name: 'Save roles and teams' }).click();
    await toast(page, 'Roles and teams saved').waitFor();
    await page.screenshot({ path: artifactPath('access-2a-member-role-assigned.png') });

    // After: audit.read is allowed and comes from the new role; batches.read now has both roles as sources.
    const audit = page.getByRole('region', { name: 'Audit trail', exact: true });
    const auditRead = audit.locator('[data-permission="audit.read"]');
    await auditRead.getByText(`granted by role ${roleName}`).waitFor();
    await expect(auditRead.textContent()).resolves.toContain('Allowed');
    await expect(effective.locator('[data-permission="batches.read"]').textContent()).resolves.toMatch(
      new RegExp(`granted by role (viewer · granted by role ${roleName}|${roleName} · granted by role viewer)`),
    );
    // The page reloaded from the server tells the same story (the change is stored, not only in the page's cache).
    await page.reload();
    await page.getByRole('region', { name: 'Audit trail', exact: true }).getByText(`granted by role ${roleName}`).waitFor();
    await audit.scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifactPath('access-2-member-permission.png') });

    // The viewer's next request: the sidebar now links the Audit page (audit.read shows it).
    await viewerPage.reload();
    await viewerNav.getByRole('link', { name: 'Audit' }).waitFor();
    await viewerPage.screenshot({ path: artifactPath('access-3-viewer-sidebar.png') });
    await expect(viewerNav.getByRole('link', { name: 'Audit' }).getAttribute('href')).resolves.toBe('/t/acme/audit');

    expect(errors).toEqual([]);
    await adminContext.close();
    await viewerContext.close();
  });
});
