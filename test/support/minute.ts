/**
 * Rate budgets count per aligned minute: a test counting requests that crossed into the next
 * minute would see its counts start again (seen once in CI). Resolves when at least `marginMs` of
 * the current minute is left, waiting for the next minute if need be.
 */
export async function withinOneMinuteWindow(marginMs = 10_000): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < marginMs) await new Promise((resolve) => setTimeout(resolve, left + 50));
}
