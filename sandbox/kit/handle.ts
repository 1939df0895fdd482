/** What starting either sandbox takes; each adds its own (rate limits, profile…). */
export interface StartOptionsBase<Size, Faults> {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 42: the same seed always generates the same data. */
  seed?: number;
  /** Default `small`. */
  size?: Size;
  /** Fault rules by key (see the sandbox's README, "Faults"). */
  faults?: Faults;
  /** Don't print the start banner. */
  quiet?: boolean;
  /** Clock in epoch ms for rate-limit windows and write timestamps; tests inject one to skip time. */
  now?: () => number;
  /** How many requests `/__sandbox/requests` keeps (oldest dropped first). Default 10000. */
  maxRecordedRequests?: number;
}

/** What either sandbox's start returns; each adds its own (credentials, rate-limit setters…). */
export interface SandboxHandleBase<Info, Faults> {
  /** `http://127.0.0.1:PORT`: the connector's `base_url`. */
  url: string;
  /** Live, as `GET /__sandbox/info` answers. */
  getInfo(): Info;
  /** Replaces every fault rule (counters restart). */
  setFaults(faults: Faults): void;
  /** Back to the seeded data; clears recorded requests and faults. */
  reset(): void;
  /** Stops listening and destroys open connections, including hung ones. */
  close(): Promise<void>;
}
