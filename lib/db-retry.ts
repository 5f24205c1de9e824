import { isConnectionError } from '@/lib/errors';

/**
 * Run `attempt` once more when it failed because the database connection was lost before any statement of it ran.
 *
 * After PostgreSQL restarts, a pooled connection can still look open to the driver and fail on its first use (a
 * reset socket, a closed stream), and a connection opened in the instant the server came back can be refused while
 * it starts up. Within a transaction that is the BEGIN: nothing was executed, so trying again on a fresh connection
 * is safe for writes too. `attempt` receives a callback to call as soon as its first statement has run; after that,
 * a lost connection is not retried (the work may or may not have happened) and the caller answers 503 as before.
 * With the database really gone, the retry fails as fast as the first try (connection refused), after `delayMs`.
 */
export async function retryIfConnectionLostBeforeStart<T>(attempt: (started: () => void) => Promise<T>, delayMs = 100): Promise<T> {
  let started = false;
  const markStarted = () => {
    started = true;
  };
  try {
    return await attempt(markStarted);
  } catch (error) {
    if (started || !isConnectionError(error)) throw error;
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    return attempt(() => {});
  }
}
