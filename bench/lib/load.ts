import autocannon from 'autocannon';

export interface LoadSpec {
  url: string;
  headers?: Record<string, string>;
  /** Paths to rotate through (one per request); omit to hit url's own path. */
  paths?: readonly string[];
  connections: number;
  durationS: number;
  warmupS: number;
  /** Called when the warm-up is over and the measured run begins (e.g. to read the server's CPU time). */
  onMeasureStart?: () => void;
}

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  mean: number;
  /** Non-2xx answers, socket errors and timeouts together. */
  errors: number;
  requests: number;
}

function once(spec: LoadSpec, durationS: number): Promise<autocannon.Result> {
  let i = Math.floor(Math.random() * (spec.paths?.length ?? 1));
  const paths = spec.paths;
  const options: autocannon.Options = {
    url: spec.url,
    connections: spec.connections,
    duration: durationS,
    headers: spec.headers ?? {},
    ...(paths && paths.length > 0
      ? {
          requests: [
            {
              method: 'GET',
              setupRequest: (request: autocannon.Request) => {
                i = (i + 1) % paths.length;
                return { ...request, path: paths[i] ?? '/' };
              },
            },
          ],
        }
      : {}),
  };
  return new Promise((resolve, reject) => {
    autocannon(options, (err, result) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(result)));
  });
}

/** A short unmeasured warm-up (JIT, caches, connection pools), then the measured run. */
export async function measureLoad(spec: LoadSpec): Promise<LoadResult> {
  if (spec.warmupS > 0) await once(spec, spec.warmupS);
  spec.onMeasureStart?.();
  const r = await once(spec, spec.durationS);
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    mean: r.latency.average,
    errors: r.non2xx + r.errors + r.timeouts,
    requests: r.requests.total,
  };
}
