import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CaseResult, SuiteResult } from './types.ts';

export function fmt(value: number, digits: number): string {
  if (!Number.isFinite(value)) return '–';
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export interface MachineFacts {
  date: string;
  node: string;
  platform: string;
  cpus: number;
  cpuModel: string;
  memoryGb: number;
  loadAverage: number[];
}

export function machineFacts(): MachineFacts {
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryGb: Number((os.totalmem() / 1024 ** 3).toFixed(1)),
    loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))),
  };
}

function row(c: CaseResult): string[] {
  const targets = (c.targets ?? []).map((t) => `${t.met ? 'ok' : 'MISSED'} ${t.target} (${t.actual})`).join('; ');
  return [
    c.variant,
    c.name,
    c.rps === undefined ? '' : fmt(c.rps, 0),
    c.latencyMs ? fmt(c.latencyMs.p50, 1) : '',
    c.latencyMs ? fmt(c.latencyMs.p99, 1) : '',
    c.ratioToCeiling === undefined ? '' : fmt(c.ratioToCeiling, 2),
    c.rssMb === undefined ? '' : `${fmt(c.rssMb, 0)} / ${fmt(c.peakRssMb ?? NaN, 0)}`,
    c.errors === undefined ? '' : String(c.errors),
    targets,
  ];
}

/** A plain-text table: one line per case with a throughput or latency. */
export function formatSuite(result: SuiteResult): string {
  const header = ['db', 'case', 'req/s', 'p50 ms', 'p99 ms', '× ceiling', 'RSS / peak MB', 'errors', 'targets'];
  const rows = result.cases.filter((c) => c.rps !== undefined || c.latencyMs || c.targets?.length).map(row);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [
    `== ${result.suite}`,
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    ...result.notes.map((n) => `  ${n}`),
  ].join('\n');
}

export interface BenchReport {
  machine: MachineFacts;
  settings: Record<string, number | string | boolean>;
  suites: SuiteResult[];
}

export function writeReport(report: BenchReport, file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
}
