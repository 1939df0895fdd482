// Which page is current, and its polling: a page still loading (or polling) for an older route stops.

const POLL_MS = 1500;
/** Bumped on every navigation; pages compare the value they started with. */
export let generation = 0;
let pollTimer = null;
let onError = () => {};

export function nextGeneration() {
  generation += 1;
  return generation;
}

export function setErrorHandler(fn) {
  onError = fn;
}

/** Runs `next` once after POLL_MS, unless the route changed meanwhile; null just cancels. */
export function schedule(next) {
  clearTimeout(pollTimer);
  pollTimer = null;
  if (next) {
    const gen = generation;
    pollTimer = setTimeout(() => {
      if (gen === generation) next().catch(onError);
    }, POLL_MS);
  }
}
