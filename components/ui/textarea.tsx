import * as React from 'react';
import { cn } from './cn';
import { controlClasses } from './input';

export function Textarea({ className, rows = 3, ...props }: React.ComponentProps<'textarea'>) {
  return <textarea data-slot="textarea" rows={rows} className={cn(controlClasses, 'min-h-16 py-1.5', className)} {...props} />;
}
