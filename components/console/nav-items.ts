import {
  Boxes,
  Building2,
  ClipboardCheck,
  KeyRound,
  LayoutDashboard,
  ListTodo,
  MailPlus,
  ScrollText,
  Server,
  Settings,
  ShieldCheck,
  Users,
  UsersRound,
  Webhook,
  type LucideIcon,
} from 'lucide-react';
import type { Permission } from '@/lib/access/permissions';

export type NavItem = {
  label: string;
  /** Path under /t/{tenant}; '' is the dashboard. */
  path: string;
  icon: LucideIcon;
  /** The permission that shows the item; none means every member sees it. */
  permission?: Permission;
};

export type NavSection = { label?: string; items: NavItem[] };

/** The console navigation of CONSOLE.md. Items whose permission the member lacks are not rendered. */
export const NAV_SECTIONS: readonly NavSection[] = [
  {
    items: [
      { label: 'Dashboard', path: '', icon: LayoutDashboard },
      // Every member; the sidebar shows my open tasks' count beside it (components/tasks/task-count-badge.tsx).
      { label: 'Tasks', path: '/tasks', icon: ListTodo },
    ],
  },
  {
    label: 'Production',
    items: [
      { label: 'Batches', path: '/batches', icon: Boxes, permission: 'batches.read' },
      { label: 'Sites', path: '/sites', icon: Building2, permission: 'sites.read' },
    ],
  },
  {
    label: 'Access',
    items: [
      { label: 'Members', path: '/members', icon: Users, permission: 'members.read' },
      { label: 'Invitations', path: '/invitations', icon: MailPlus, permission: 'members.invite' },
      { label: 'Roles', path: '/roles', icon: ShieldCheck, permission: 'roles.read' },
      { label: 'Teams', path: '/teams', icon: UsersRound, permission: 'teams.read' },
      { label: 'Systems', path: '/systems', icon: Server, permission: 'systems.read' },
      { label: 'API keys', path: '/api-keys', icon: KeyRound, permission: 'api_keys.read' },
      { label: 'Webhooks', path: '/webhooks', icon: Webhook, permission: 'webhooks.manage' },
      // Every member: reviewers see their own items there; starting a review needs access_reviews.manage.
      { label: 'Access reviews', path: '/access-reviews', icon: ClipboardCheck },
    ],
  },
  {
    label: 'Tenant',
    items: [
      { label: 'Audit', path: '/audit', icon: ScrollText, permission: 'audit.read' },
      { label: 'Settings', path: '/settings', icon: Settings, permission: 'tenant.update' },
    ],
  },
];

/** The sections and items this member may see (sections left empty are dropped). */
export function visibleNavSections(permissions: readonly string[]): NavSection[] {
  const held = new Set(permissions);
  return NAV_SECTIONS.map((section) => ({
    ...section,
    items: section.items.filter((item) => !item.permission || held.has(item.permission)),
  })).filter((section) => section.items.length > 0);
}

/** The nav item a pathname belongs to (longest match), for the active state and the header's breadcrumb. */
export function activeNavItem(pathname: string, tenantSlug: string): NavItem | undefined {
  const base = `/t/${tenantSlug}`;
  if (pathname !== base && !pathname.startsWith(`${base}/`)) return undefined;
  const rest = pathname.slice(base.length);
  let best: NavItem | undefined;
  for (const section of NAV_SECTIONS) {
    for (const item of section.items) {
      const matches = item.path === '' ? rest === '' || rest === '/' : rest === item.path || rest.startsWith(`${item.path}/`);
      if (matches && (!best || item.path.length > best.path.length)) best = item;
    }
  }
  return best;
}
