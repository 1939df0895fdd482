import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, killAll, repoRoot, spawnProcess, waitFor, waitForOutput, type Running } from './processes.ts';

/**
 * A newcomer's first run: a fresh copy of the repository, `npm start`, the printed curl, SUCCESS.
 *
 * Deviation from "clone and npm ci": the copy takes the working tree's tracked and untracked files
 * (a `git clone` would miss uncommitted work), and node_modules is a symlink to this checkout's,
 * because a real `npm ci` takes about 3 minutes here (better-sqlite3 compiles). CI runs `npm ci` on
 * a fresh clone before `npm test`, which covers the install.
 */
const skipped = ['node_modules/', '.leasewire/', 'bench/results/', '.git/'];
let clone: string;

function copyProject(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leasewire-clone-'));
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: repoRoot, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const f of files) {
    if (skipped.some((s) => f.startsWith(s)) || !fs.existsSync(path.join(repoRoot, f))) continue;
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.copyFileSync(path.join(repoRoot, f), path.join(dir, f));
  }
  fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

/** `npm start` as a new user runs it: no DATABASE_URL, no secret key, only the ports chosen. */
async function npmStart(): Promise<{ proc: Running; ports: { api: number; sandbox: number; buildium: number } }> {
  const ports = { api: await freePort(), sandbox: await freePort(), buildium: await freePort() };
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, PORT: String(ports.api), SANDBOX_PORT: String(ports.sandbox), BUILDIUM_SANDBOX_PORT: String(ports.buildium), LOG_LEVEL: 'warn' };
  const proc = spawnProcess('npm', ['start'], { env, cwd: clone });
  await waitForOutput(proc, /kill -TERM (\d+)/, 90_000);
  return { proc, ports };
}

/** Stops the leasewire process itself (npm passes its exit code through; signalling npm would not reach it). */
async function stop(proc: Running): Promise<number | string> {
  process.kill(Number(/kill -TERM (\d+)/.exec(proc.stdout())![1]), 'SIGTERM');
  return proc.exited;
}

const bash = (script: string): string => execFileSync('bash', ['-c', script], { encoding: 'utf8', timeout: 30_000 });

interface Demo {
  api_url: string;
  api_key: string;
  integration_id: string;
  sandbox_url: string;
  lead_id: string;
  event_type_id: string;
  buildium_integration_id: string;
  buildium_sandbox_url: string;
  buildium_applicant_id: string;
}

beforeAll(() => {
  clone = copyProject();
});
afterAll(() => {
  killAll();
  if (clone) fs.rmSync(clone, { recursive: true, force: true });
});

describe('first run as a new user (npm start)', () => {
  let demo: Demo;

  it('starts sandbox, API and worker, syncs once, and the printed curl writes an event that reaches SUCCESS', async () => {
    const { proc, ports } = await npmStart();
    const out = proc.stdout();
    expect(out).toMatch(/First sync succeeded in [\d.]+ s: \d+ records/);
    const demoPath = path.join(clone, '.leasewire', 'demo.json');
    demo = JSON.parse(fs.readFileSync(demoPath, 'utf8')) as Demo;
    expect(demo).toEqual({
      api_url: `http://127.0.0.1:${ports.api}`,
      api_key: expect.stringMatching(/^lw_/),
      integration_id: expect.stringMatching(/^int_/),
      sandbox_url: `http://127.0.0.1:${ports.sandbox}`,
      lead_id: expect.any(String),
      event_type_id: expect.any(String),
      buildium_integration_id: expect.stringMatching(/^int_/),
      buildium_sandbox_url: `http://127.0.0.1:${ports.buildium}`,
      buildium_applicant_id: expect.any(String),
    });
    expect(fs.statSync(demoPath).mode & 0o777).toBe(0o600);
    expect(out).toContain(`API key      ${demo.api_key}`);
    expect(out).toContain(`Integration  ${demo.integration_id}`);
    expect(out).toContain(`${demo.api_url}/docs`);
    expect((await fetch(`${demo.api_url}/docs`)).status).toBe(200);
    expect(out).toContain(`Dashboard    ${demo.api_url}/dashboard`);
    expect((await fetch(`${demo.api_url}/dashboard`)).status).toBe(200);

    // The two commands exactly as printed: the write, then its status.
    const post = out.split('\n').find((l) => l.includes('JOB=$(curl'))!.trim();
    const status = out.split('\n').find((l) => l.includes('/v1/admin/write-status/'))!.trim();
    const jobId = /^job (wj_\w+)$/m.exec(bash(post))?.[1];
    expect(jobId, 'the printed curl answered a job id').toBeDefined();
    const final = await waitFor('write SUCCESS', () => {
      const s = JSON.parse(bash(`JOB=${jobId}; ${status}`)) as { write_status: string; created_record_id: string | null; errors: string[] };
      return s.write_status === 'PENDING' ? undefined : s;
    }, 30_000);
    expect(final).toMatchObject({ write_status: 'SUCCESS', errors: [], created_record_id: expect.any(String) });

    const events = await fetch(`${demo.api_url}/v1/events/?lead_id=${demo.lead_id}&limit=250`, { headers: { authorization: `Bearer ${demo.api_key}` } });
    expect(events.status).toBe(200);
    const ids = ((await events.json()) as { results: Array<{ id: string; notes: string | null }> }).results;
    expect(ids.find((e) => e.id === final.created_record_id)).toMatchObject({ notes: 'Called to book a tour (from the Leasewire demo)' });

    // The tour curls as printed: the property's free slots, then a booking that reaches SUCCESS and
    // is listed among the lead's appointments, its slot gone from the next availability answer.
    const availability = out.split('\n').find((l) => l.includes('/v1/appointment-availability/entrata/'))!.trim();
    const slotsAt = () => (JSON.parse(bash(availability)) as { result: Array<{ calendar_days: Array<{ available_slots: Array<{ start: string }> }> }> }).result[0]!.calendar_days[0]!.available_slots.map((x) => x.start);
    expect(slotsAt()).toContain('14:00:00');
    const bookLine = out.split('\n').find((l) => l.includes('/v1/events/appointments/leads/entrata/'))!.trim();
    const tourJob = /^job (wj_\w+)$/m.exec(bash(bookLine))?.[1];
    expect(tourJob, 'the printed booking curl answered a job id').toBeDefined();
    const tour = await waitFor('tour SUCCESS', () => {
      const s = JSON.parse(bash(`JOB=${tourJob}; ${status}`)) as { write_status: string; created_record_id: string | null; errors: string[] };
      return s.write_status === 'PENDING' ? undefined : s;
    }, 30_000);
    expect(tour).toMatchObject({ write_status: 'SUCCESS', created_record_id: expect.any(String) });
    const appointments = bash(out.split('\n').find((l) => l.includes('/v1/appointments/?lead_id='))!.trim());
    expect(appointments).toContain(tour.created_record_id!);
    expect(slotsAt()).not.toContain('14:00:00');

    // The Buildium note curl as printed: SUCCESS with created_record_id at once, listed with its text.
    expect(out).toContain(`Integration  ${demo.buildium_integration_id}   Buildium sandbox at ${demo.buildium_sandbox_url}`);
    const buildiumPost = out.split('\n').find((l) => l.includes('/v1/events/applicants/buildium/'))!.trim();
    const buildiumJob = /^job (wj_\w+)$/m.exec(bash(buildiumPost))?.[1];
    expect(buildiumJob, 'the printed Buildium curl answered a job id').toBeDefined();
    const note = await waitFor('Buildium write SUCCESS', () => {
      const s = JSON.parse(bash(`JOB=${buildiumJob}; ${status}`)) as { write_status: string; created_record_id: string | null };
      return s.write_status === 'PENDING' ? undefined : s;
    }, 30_000);
    expect(note).toMatchObject({ write_status: 'SUCCESS', created_record_id: expect.any(String) });
    const buildiumEvents = await fetch(`${demo.api_url}/v1/events/?integration_id=${demo.buildium_integration_id}&limit=250`, { headers: { authorization: `Bearer ${demo.api_key}` } });
    const listed = ((await buildiumEvents.json()) as { results: Array<{ id: string; notes: string | null; event_name: string }> }).results;
    expect(listed.find((e) => e.id === note.created_record_id)).toMatchObject({ notes: 'Asked about parking (from the Leasewire demo)', event_name: 'Applicant note' });
    expect(new Set(listed.map((e) => e.event_name))).toEqual(new Set(['Applicant note', 'Resident note', 'Phone call']));

    expect(await stop(proc)).toBe(0);
    expect(proc.stderr()).not.toMatch(/^error|Unexpected/m);
  }, 180_000);

  it('starts again on other ports, reusing the data and the key without a second first sync', async () => {
    const { proc, ports } = await npmStart();
    const out = proc.stdout();
    expect(out).not.toMatch(/first sync/i);
    expect(out).toContain(`API key      ${demo.api_key}`);
    const again = JSON.parse(fs.readFileSync(path.join(clone, '.leasewire', 'demo.json'), 'utf8')) as Demo;
    expect(again).toEqual({ ...demo, api_url: `http://127.0.0.1:${ports.api}`, sandbox_url: `http://127.0.0.1:${ports.sandbox}`, buildium_sandbox_url: `http://127.0.0.1:${ports.buildium}` });
    // The event written by the first run is still served: the store was reused.
    const res = await fetch(`${again.api_url}/v1/events/?lead_id=${demo.lead_id}&limit=250`, { headers: { authorization: `Bearer ${demo.api_key}` } });
    const notes = ((await res.json()) as { results: Array<{ notes: string | null }> }).results.map((e) => e.notes);
    expect(notes).toContain('Called to book a tour (from the Leasewire demo)');
    expect(await stop(proc)).toBe(0);
  }, 120_000);
});
