import { useZodMessages } from '../api/zodMessages.ts';
import { tuneV8 } from '../runtime/v8Tuning.ts';
import { runCli } from './program.ts';

tuneV8();
// Validation messages (request bodies, CLI input, stored credentials) in Leasewire's words everywhere.
useZodMessages();

// The `leasewire` command (bin/leasewire.js, `npm run leasewire -- …`). Setting exitCode rather than
// calling process.exit lets buffered output reach a pipe before the process ends.
process.exitCode = await runCli(process.argv.slice(2));
