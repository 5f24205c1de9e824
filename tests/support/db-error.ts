/** The database's own message for a failed query (drizzle wraps it as `cause` under "Failed query: …"). */
export async function dbErrorOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    const messages: string[] = [];
    for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) messages.push(String((e as Error).message ?? e));
    return messages.join(' | ');
  }
  throw new Error('expected the query to fail, but it succeeded');
}
