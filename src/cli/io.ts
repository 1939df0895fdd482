/**
 * Where a command writes and what environment it reads. Commands never touch process.stdout or
 * process.env directly, so tests run them in-process and read what they printed.
 */
export interface CliIo {
  env: NodeJS.ProcessEnv;
  out(text: string): void;
  err(text: string): void;
}

export const processIo: CliIo = {
  env: process.env,
  out: (text) => void process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => void process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
};

export function printJson(io: CliIo, value: unknown): void {
  io.out(JSON.stringify(value, null, 2));
}

/** A plain, aligned table: readable in a terminal and easy to grep. */
export function printTable(io: CliIo, headers: string[], rows: Array<Array<string | null | undefined>>): void {
  const cells = [headers, ...rows.map((r) => r.map((c) => c ?? '-'))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  for (const r of cells) io.out(r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd());
}
