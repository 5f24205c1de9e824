'use client';

/**
 * Step-up in the console: when an action or API call answers `mfa_required` (a sensitive operation needs a recent second
 * factor), ask the person for a code or a passkey (components/auth/step-up-dialog.tsx, mounted once in the root layout),
 * then retry the original request. The API client (components/api-client.ts) does this for every call; server-action
 * forms use `withStepUp` or the `useStepUp` hook.
 */
type Prompt = () => Promise<boolean>;

let prompt: Prompt | null = null;
let inFlight: Promise<boolean> | null = null;

/** The dialog registers itself here while mounted. */
export function registerStepUpPrompt(fn: Prompt | null): void {
  prompt = fn;
}

/** Ask for the second factor; resolves true once this session is verified, false when the person cancels (or no dialog is mounted). */
export function requestStepUp(): Promise<boolean> {
  if (!prompt) return Promise.resolve(false);
  // Several calls refused at once share one dialog.
  inFlight ??= prompt().finally(() => {
    inFlight = null;
  });
  return inFlight;
}

/** Whether a server action's result or an error says a recent second factor is needed. */
export function needsStepUp(outcome: unknown): boolean {
  return typeof outcome === 'object' && outcome !== null && (outcome as { code?: unknown }).code === 'mfa_required';
}

/** Run `action`; if it answers `mfa_required`, ask for the second factor and run it once more. */
export async function withStepUp<T>(action: () => Promise<T>): Promise<T> {
  const first = await action();
  if (!needsStepUp(first) || !(await requestStepUp())) return first;
  return action();
}

/** The same for components: `const stepUp = useStepUp(); await stepUp(() => saveAction(values));`. */
export function useStepUp(): <T>(action: () => Promise<T>) => Promise<T> {
  return withStepUp;
}
