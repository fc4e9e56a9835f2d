#!/usr/bin/env node
// The bin: perfgate's main() with the real process (arguments, streams, signals, exit code).
import type { Io } from './io.js';
import { isClosedTargetError } from './lab/closed-target-errors.js';
import { main, reportCrash } from './main.js';

// Lighthouse leaves some protocol calls unawaited; when a page or Chrome dies mid-run (a crash, or
// Ctrl-C) they reject with nobody listening, after the run itself has failed and been handled.
// Anything else unhandled is a bug: reported as main reports a crash (a log file, exit code 4).
const crash = (error: unknown) => {
  const code = reportCrash(error, process.argv.slice(2), { stderr: process.stderr, cwd: process.cwd() });
  process.stderr.write('', () => process.exit(code));
};
process.on('unhandledRejection', (reason) => {
  if (!isClosedTargetError(reason)) crash(reason);
});
process.on('uncaughtException', crash);
// A reader that stops reading (\`perfgate check | head -3\`) closes the pipe: the rest of the output
// has nowhere to go, and the command goes on to its end (a run still stops its Chrome) without it.
const CLOSED_PIPE = new Set(['EPIPE', 'ERR_STREAM_DESTROYED']);
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (!CLOSED_PIPE.has(String(error.code))) crash(error);
  });

const controller = new AbortController();
let interrupts = 0;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    interrupts++;
    if (interrupts > 1) process.exit(130);
    controller.abort(signal);
  });
}

const io: Io = { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd(), signal: controller.signal };
const code = await main(process.argv.slice(2), io);
// When main returns, everything perfgate started has finished or been stopped (a command that
// serves, like the collector, returns only once it has shut down). What can still hold the process
// is Lighthouse's: its image gatherer leaves a 5 s timer running after every run, and a run stopped
// by Ctrl-C leaves its waits behind. So the process ends as soon as its output is written.
process.exitCode = code;
process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
