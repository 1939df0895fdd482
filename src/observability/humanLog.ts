/**
 * A pino destination for `leasewire start` (the local demo): one short line per request and per
 * message instead of JSON, e.g. `09:30:00 POST /v1/events/leads/entrata/ → 200 (4 ms)`. Servers
 * in production (`serve`, `worker`) keep JSON logs for their collectors. Redaction happens in pino
 * before a line reaches this stream (and secret query parameters of a URL are redacted here too).
 * Write and sync job outcomes come as messages (observability/jobLog.ts).
 */
import { redactUrl } from './redactUrl.ts';

const levels: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const MAX_OPEN = 1000;

interface LogLine {
  level?: number;
  time?: number;
  msg?: string;
  reqId?: string;
  req?: { method?: string; url?: string };
  res?: { statusCode?: number };
  responseTime?: number;
  err?: { message?: string; type?: string };
}

export function humanLogStream(write: (line: string) => void): { write(chunk: string): void } {
  // "incoming request" carries the method and URL, "request completed" the status: one line for both.
  const open = new Map<string, string>();
  return {
    write(chunk: string): void {
      for (const text of chunk.split('\n')) {
        if (!text.trim()) continue;
        let line: LogLine;
        try {
          line = JSON.parse(text) as LogLine;
        } catch {
          write(text);
          continue;
        }
        const out = formatLine(line, open);
        if (out !== null) write(out);
      }
    },
  };
}

/** The human line for one pino record, or null when it only opens a request. */
export function formatLine(line: LogLine, open: Map<string, string>): string | null {
  const at = new Date(line.time ?? Date.now()).toTimeString().slice(0, 8);
  if (line.msg === 'incoming request' && line.reqId) {
    if (open.size >= MAX_OPEN) open.clear();
    // The app's serializer redacts already; a line from any other pino instance is redacted here.
    open.set(line.reqId, `${line.req?.method ?? '?'} ${line.req?.url ? redactUrl(line.req.url) : '?'}`);
    return null;
  }
  if (line.msg === 'request completed' && line.reqId) {
    const what = open.get(line.reqId) ?? 'request';
    open.delete(line.reqId);
    const ms = line.responseTime === undefined ? '' : ` (${Math.round(line.responseTime)} ms)`;
    return `${at} ${what} → ${line.res?.statusCode ?? '?'}${ms}`;
  }
  const level = levels[line.level ?? 30] ?? 'INFO';
  const err = line.err?.message ? `: ${line.err.message}` : '';
  return `${at} ${level} ${line.msg ?? ''}${err}`;
}
