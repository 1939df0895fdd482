/**
 * The life of a long-running command (`serve`, `worker`, `start`, `sandbox`): open what it runs,
 * wait for SIGTERM or SIGINT, close everything in reverse order, exit 0.
 */

/**
 * Resolves when the process is asked to stop (SIGTERM from an orchestrator, SIGINT from Ctrl-C).
 * Under `npm start` a Ctrl-C reaches this process twice (from the terminal and relayed by tsx), so
 * a repeat within 2 s is ignored; a later one means "stop now" and exits at once.
 */
export function stopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    let first = 0;
    const on = (signal: NodeJS.Signals) => {
      if (first === 0) {
        first = Date.now();
        resolve(signal);
      } else if (Date.now() - first > 2000) {
        process.stderr.write(`${signal} again: exiting now; running jobs are taken over by a worker once their lock expires.\n`);
        process.exit(130);
      }
    };
    process.on('SIGTERM', on);
    process.on('SIGINT', on);
  });
}

/** Registers how to close `resource` when the command ends, and returns it. */
export type Defer = <T>(resource: T, close: (resource: T) => Promise<unknown> | unknown) => T;

/**
 * Runs `open`, which starts the command's resources and registers each with `defer` as it opens
 * it; then waits for `stopping`, calls the function `open` returned (to say what is happening),
 * and closes the resources last-opened first. When `open` fails, what it had opened is closed
 * and its error is thrown. Every close runs even if an earlier one failed; the first error wins.
 * Listen for the signal (`stopSignal()`) before opening anything, so a stop that comes during a
 * slow start still shuts down cleanly.
 */
export async function runUntilStopped(
  stopping: Promise<NodeJS.Signals>,
  open: (defer: Defer) => Promise<((signal: NodeJS.Signals) => void) | void>,
): Promise<void> {
  const closers: Array<() => Promise<unknown> | unknown> = [];
  const defer: Defer = (resource, close) => {
    closers.push(() => close(resource));
    return resource;
  };
  const errors: unknown[] = [];
  try {
    const onStop = await open(defer);
    const signal = await stopping;
    onStop?.(signal);
  } catch (err) {
    errors.push(err);
  }
  for (const close of closers.reverse()) {
    try {
      await close();
    } catch (err) {
      errors.push(err);
    }
  }
  if (errors.length > 0) throw errors[0];
}
