'use client';

import { Avatar as AvatarPrimitive } from 'radix-ui';
import { avatarSrc } from '@/lib/auth/avatar-src';
import { cn } from './cn';

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  if (parts.length === 0) return '?';
  const first = parts[0][0] ?? '';
  const last = parts.length > 1 ? (parts[parts.length - 1][0] ?? '') : '';
  return (first + last).toUpperCase();
}

const sizes = { sm: 'size-6 text-[10px]', md: 'size-8 text-xs', lg: 'size-10 text-sm' } as const;

/**
 * A person's picture, or their initials. Decorative: put the name in text next to it (or in an aria-label of the control).
 * `thumbnail`: which stored size to load (64 px beside names, 256 px for a large picture).
 */
export function Avatar({
  name,
  src: image,
  size = 'md',
  thumbnail = 64,
  className,
}: {
  name: string;
  src?: string | null;
  size?: keyof typeof sizes;
  thumbnail?: 64 | 256;
  className?: string;
}) {
  const src = avatarSrc(image, thumbnail);
  return (
    <AvatarPrimitive.Root
      data-slot="avatar"
      aria-hidden="true"
      className={cn('relative inline-flex shrink-0 overflow-hidden rounded-full select-none', sizes[size], className)}
    >
      {src ? <AvatarPrimitive.Image src={src} alt="" className="aspect-square size-full object-cover" /> : null}
      <AvatarPrimitive.Fallback
        delayMs={src ? 400 : undefined}
        className="flex size-full items-center justify-center rounded-full bg-primary/12 font-semibold text-link"
      >
        {initials(name)}
      </AvatarPrimitive.Fallback>
    </AvatarPrimitive.Root>
  );
}
