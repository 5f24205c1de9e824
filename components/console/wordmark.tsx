import Link from 'next/link';
import { cn } from '@/components/ui/cn';

/** The Custos mark: a keyhole in a shield-ish rounded square. */
export function LogoMark({ className }: { className?: string }) {
  return (
    <svg viewBox="0 0 24 24" aria-hidden="true" className={cn('size-6 shrink-0', className)}>
      <rect width="24" height="24" rx="6" className="fill-primary" />
      <path
        d="M12 5.2 17.2 7v4.6c0 3.3-2.2 6-5.2 7.2-3-1.2-5.2-3.9-5.2-7.2V7L12 5.2Z"
        className="fill-none stroke-primary-foreground"
        strokeWidth="1.5"
        strokeLinejoin="round"
      />
      <circle cx="12" cy="10.6" r="1.5" className="fill-primary-foreground" />
      <path d="M12 11.6v3" className="stroke-primary-foreground" strokeWidth="1.6" strokeLinecap="round" />
    </svg>
  );
}

export function Wordmark({ href, className, size = 'md' }: { href?: string; className?: string; size?: 'md' | 'lg' }) {
  const content = (
    <>
      <LogoMark className={size === 'lg' ? 'size-8' : undefined} />
      <span className={cn('font-semibold tracking-tight', size === 'lg' ? 'text-xl' : 'text-[15px]')}>Custos</span>
    </>
  );
  const classes = cn('inline-flex items-center gap-2 rounded-md text-foreground', className);
  return href ? (
    <Link href={href} className={classes} aria-label="Custos home">
      {content}
    </Link>
  ) : (
    <span className={classes}>{content}</span>
  );
}
