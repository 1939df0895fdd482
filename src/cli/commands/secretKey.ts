import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { decodeSecretKey } from '../../config.ts';
import { Sealer } from '../../lib/crypto.ts';
import { secretKeyPath } from '../../runtime/secretKey.ts';
import { CliError } from '../errors.ts';
import { printJson, type CliIo } from '../io.ts';
import { withRuntime } from '../runtime.ts';

interface RotateOptions {
  newKeyFile: string;
  generate?: boolean;
  dryRun?: boolean;
  json?: boolean;
}

export function registerSecretKey(program: Command, io: CliIo): void {
  const group = program.command('secret-key').description('Manage LEASEWIRE_SECRET_KEY, the key that seals PMS credentials and webhook secrets');

  group
    .command('rotate')
    .description('Re-seal every stored credential and webhook secret with a new key, in one transaction')
    .requiredOption('--new-key-file <path>', 'file holding the new key (64 hex characters or base64 of 32 bytes); never put the key itself on the command line')
    .option('--generate', 'create a new random key and write it to --new-key-file (mode 600; an existing file is never overwritten)')
    .option('--dry-run', 'check that every stored value opens with the current key and count them; change nothing')
    .option('--json', 'print the result as JSON')
    .action((opts: RotateOptions) => rotate(io, opts));
}

async function rotate(io: CliIo, opts: RotateOptions): Promise<void> {
  const newKeyFile = path.resolve(opts.newKeyFile);
  const newKey = opts.generate ? generatedKey(newKeyFile) : readKeyFile(newKeyFile, io);
  await withRuntime(io, async ({ config, store, deps }) => {
    // The runtime opened with the current key and checked it against the stored fingerprint.
    const from = deps.sealer;
    const to = new Sealer(newKey);
    if (to.fingerprint() === from.fingerprint()) {
      throw new CliError(`The key in ${newKeyFile} is the one in use now: nothing to rotate. Give a file with another key, or create one with --generate and a new file name.`);
    }
    const { resealStore } = await import('../../runtime/rotateSecretKey.ts');
    // Embedded mode without LEASEWIRE_SECRET_KEY reads the key from this file at every start.
    const keyFile = !config.databaseUrl && !config.secretKey ? secretKeyPath(config.dataDir) : undefined;

    if (opts.dryRun) {
      const counts = await resealStore(store, from, to, { dryRun: true });
      if (opts.json) return printJson(io, { dry_run: true, ...counts, new_key_file: newKeyFile });
      io.out(`Dry run: the credentials of ${counts.integrations} integration(s) and the secret and headers of ${counts.webhooks} webhook(s) open with the current key. Nothing was changed.`);
      if (opts.generate) io.out(`Without --dry-run, a new key will be written to ${newKeyFile}.`);
      return;
    }

    // Both files are written before the transaction, so a full disk or a bad path stops the
    // rotation before the database depends on them.
    if (opts.generate) writeKeyFile(newKeyFile, newKey, 'the new key file');
    const tempKeyFile = keyFile ? `${keyFile}.${randomBytes(6).toString('hex')}.tmp` : undefined;
    let counts;
    try {
      if (keyFile && tempKeyFile) writeKeyFile(tempKeyFile, newKey, 'a temporary key file in the data directory');
      counts = await resealStore(store, from, to);
    } catch (err) {
      if (tempKeyFile) fs.rmSync(tempKeyFile, { force: true });
      if (opts.generate) fs.rmSync(newKeyFile, { force: true });
      throw err;
    }
    if (keyFile && tempKeyFile) {
      try {
        fs.renameSync(tempKeyFile, keyFile);
        syncDir(path.dirname(keyFile));
      } catch (err) {
        throw new CliError(
          `The database now uses the new key, but ${keyFile} could not be replaced (${message(err)}). ` +
            `Copy ${newKeyFile} to ${keyFile} (mode 600) before starting leasewire again.`,
        );
      }
    }

    const restart = keyFile
      ? `${keyFile} now holds the new key. Restart any leasewire process still running (start, serve, worker): until then it cannot open the re-sealed values.`
      : 'Restart every process (serve, worker, …) now with LEASEWIRE_SECRET_KEY set to the new key ' +
        `(the contents of ${newKeyFile}). Processes still running with the old key cannot open the re-sealed credentials and webhook secrets ` +
        '(syncs, writes and webhook deliveries fail), and what they save is sealed with the old key, which the new key cannot open ' +
        '(`leasewire secret-key rotate --dry-run` run with the new key lists such rows). Restarted with the old key, a process refuses to start.';
    if (opts.json) printJson(io, { dry_run: false, ...counts, new_key_file: newKeyFile, generated: Boolean(opts.generate), key_file_replaced: Boolean(keyFile), restart });
    else io.out(`Re-sealed the credentials of ${counts.integrations} integration(s) and the secret and headers of ${counts.webhooks} webhook(s) with the new key; the database now expects it.`);
    io.err(restart);
  });
}

/** A new random key for --generate; the file is written only once the rotation goes ahead. */
function generatedKey(file: string): Buffer {
  if (fs.existsSync(file)) {
    throw new CliError(`${file} already exists and --generate never overwrites a file. Give a new file name, or leave out --generate to use the key in that file.`);
  }
  return randomBytes(32);
}

function readKeyFile(file: string, io: CliIo): Buffer {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new CliError(
      `Cannot read the new key file ${file} (${message(err)}). Create it with \`openssl rand -hex 32 > ${file}\` and \`chmod 600 ${file}\`, or add --generate to have it created.`,
    );
  }
  const key = decodeSecretKey(text);
  if (!key) throw new CliError(`${file} does not hold a 32-byte key: it must contain 64 hex characters or base64 of 32 bytes (e.g. from \`openssl rand -hex 32\`).`);
  if (process.platform !== 'win32' && (fs.statSync(file).mode & 0o077) !== 0) {
    io.err(`warning: ${file} is readable by other users; restrict it with \`chmod 600 ${file}\`.`);
  }
  return key;
}

/** Writes the key as hex, owner-only, refusing an existing file, and flushes it to disk. */
function writeKeyFile(file: string, key: Buffer, what: string): void {
  let fd: number;
  try {
    fd = fs.openSync(file, 'wx', 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new CliError(`${file} already exists and is never overwritten. Give a new file name for the key.`);
    throw new CliError(`Cannot create ${what} ${file} (${message(err)}); nothing was changed. Check that its directory exists and is writable.`);
  }
  try {
    fs.writeSync(fd, `${key.toString('hex')}\n`);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
  } catch (err) {
    try {
      fs.closeSync(fd);
    } catch {
      // already closed: the close itself failed
    }
    fs.rmSync(file, { force: true });
    throw new CliError(`Cannot write ${what} ${file} (${message(err)}); nothing was changed. Check the free disk space.`);
  }
}

/** Makes a rename durable (best effort: not every platform can fsync a directory). */
function syncDir(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // the rename happened; only its durability across a power loss is not guaranteed
  }
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
