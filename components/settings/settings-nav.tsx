import Link from 'next/link';
import { cn } from '@/components/ui/cn';

const SECTIONS = [
  { key: 'general', label: 'General', path: '' },
  { key: 'sso', label: 'Single sign-on', path: '/sso' },
  { key: 'scim', label: 'SCIM', path: '/scim' },
  { key: 'notifications', label: 'Notifications', path: '/notifications' },
] as const;

export type SettingsSectionKey = (typeof SECTIONS)[number]['key'];

/** The settings pages' sub-navigation (General · Single sign-on · SCIM · Notifications), the current one marked for screen readers too. */
export function SettingsNav({ slug, current }: { slug: string; current: SettingsSectionKey }) {
  return (
    <nav aria-label="Settings sections" className="-mt-2 overflow-x-auto">
      <ul className="flex w-max gap-1 border-b border-border">
        {SECTIONS.map((section) => {
          const active = section.key === current;
          return (
            <li key={section.key}>
              <Link
                href={`/t/${slug}/settings${section.path}`}
                aria-current={active ? 'page' : undefined}
                className={cn(
                  '-mb-px inline-flex h-9 items-center border-b-2 px-3 text-sm font-medium whitespace-nowrap transition-colors',
                  active ? 'border-primary text-foreground' : 'border-transparent text-muted-foreground hover:text-foreground',
                )}
              >
                {section.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
