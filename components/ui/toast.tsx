'use client';

import * as React from 'react';
import { Toast as ToastPrimitive } from 'radix-ui';
import { CircleAlert, CircleCheck, Info, X } from 'lucide-react';
import { cn } from './cn';

/**
 * Toasts: call `toast({ title: 'Invitation sent' })` from any client component after a form
 * succeeds. `<Toaster />` lives once in the root layout.
 */
export type ToastTone = 'success' | 'error' | 'info';
export type ToastInput = { title: string; description?: string; tone?: ToastTone; duration?: number };
type ToastItem = ToastInput & { id: number; open: boolean };

let items: ToastItem[] = [];
let nextId = 1;
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((listener) => listener());

export function toast(input: ToastInput | string): number {
  const value = typeof input === 'string' ? { title: input } : input;
  const id = nextId++;
  items = [...items.slice(-4), { tone: 'success', ...value, id, open: true }];
  emit();
  return id;
}

export function dismissToast(id: number): void {
  items = items.map((item) => (item.id === id ? { ...item, open: false } : item));
  emit();
  // Leave time for the close animation before forgetting it.
  setTimeout(() => {
    items = items.filter((item) => item.id !== id);
    emit();
  }, 200);
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
const snapshot = () => items;
const NO_TOASTS: ToastItem[] = [];
const serverSnapshot = () => NO_TOASTS;

const icons = { success: CircleCheck, error: CircleAlert, info: Info } as const;
const iconColor = { success: 'text-success', error: 'text-danger', info: 'text-info' } as const;

export function Toaster() {
  const list = React.useSyncExternalStore(subscribe, snapshot, serverSnapshot);
  return (
    <ToastPrimitive.Provider swipeDirection="right" duration={5000} label="Notification">
      {list.map((item) => {
        const tone = item.tone ?? 'success';
        const Icon = icons[tone];
        return (
          <ToastPrimitive.Root
            key={item.id}
            open={item.open}
            onOpenChange={(open) => (open ? undefined : dismissToast(item.id))}
            duration={item.duration ?? (tone === 'error' ? 8000 : 5000)}
            type={tone === 'error' ? 'foreground' : 'background'}
            className={cn(
              'group pointer-events-auto relative flex w-full items-start gap-2.5 rounded-lg border border-border bg-popover p-3 pr-9 text-popover-foreground shadow-lg',
              'data-[state=open]:animate-in data-[state=closed]:opacity-0 data-[state=closed]:transition-opacity',
              'data-[swipe=move]:translate-x-(--radix-toast-swipe-move-x) data-[swipe=end]:translate-x-(--radix-toast-swipe-end-x) data-[swipe=cancel]:translate-x-0',
            )}
          >
            <Icon aria-hidden="true" className={cn('mt-0.5 size-4 shrink-0', iconColor[tone])} />
            <div className="grid gap-0.5">
              <ToastPrimitive.Title className="text-[13px] font-medium">{item.title}</ToastPrimitive.Title>
              {item.description ? (
                <ToastPrimitive.Description className="text-xs text-muted-foreground">{item.description}</ToastPrimitive.Description>
              ) : null}
            </div>
            <ToastPrimitive.Close
              aria-label="Dismiss notification"
              className="absolute top-2.5 right-2.5 inline-flex size-6 items-center justify-center rounded-md text-muted-foreground hover:bg-accent hover:text-foreground"
            >
              <X aria-hidden="true" className="size-3.5" />
            </ToastPrimitive.Close>
          </ToastPrimitive.Root>
        );
      })}
      <ToastPrimitive.Viewport className="fixed right-0 bottom-0 z-[100] m-0 flex w-full max-w-sm list-none flex-col gap-2 p-4 outline-none" />
    </ToastPrimitive.Provider>
  );
}
