#!/usr/bin/env node
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { assertCommand } from './commands/assert.js';
import { runCommand } from './commands/run.js';
import { sizeCommand } from './commands/size.js';
import { Interrupted, UserError } from './errors.js';
import type { Io } from './io.js';
import { VERSION } from './version.js';

const positiveInt = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number of at least 1.');
  return n;
};

/** Builds the command-line program; each action stores the exit code its command returns. */
function program(io: Io, setCode: (code: number) => void): Command {
  const cli = new Command('perfgate')
    .description('Performance budgets for pull requests: Lighthouse lab runs, bundle sizes and field data against one budgets file.')
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .exitOverride();

  cli
    .command('run')
    .description('Run Lighthouse over the pages of pages.json (several runs each, one at a time) and assert budgets.json.')
    .option('--pages <file>', 'pages file', 'pages.json')
    .option('--budgets <file>', 'budgets file', 'budgets.json')
    .option('--out <dir>', 'output folder for results.json and reports', '.perfgate')
    .option('--runs <n>', 'runs per page (overrides pages.json)', positiveInt)
    .addOption(new Option('--preset <preset>', 'Lighthouse preset (overrides pages.json)').choices(['mobile', 'desktop']))
    .option('--fresh-browser', 'start a new Chrome for every run instead of a fresh browser context (slower)')
    .option('--base <results.json>', "the base branch's results, for changes against it")
    .addHelpText('after', '\nExit codes: 0 budgets pass (warnings allowed), 1 an error-level budget failed,\n2 usage or configuration error, 3 a page could not be measured, 130 interrupted.')
    .action(async (flags) => setCode(await runCommand(flags, io)));

  cli
    .command('assert')
    .description('Assert Lighthouse JSON reports that already exist (files, folders, globs; e.g. .lighthouseci/) without launching Chrome.')
    .requiredOption('--lhr <paths...>', 'Lighthouse reports: files, folders or globs')
    .option('--budgets <file>', 'budgets file', 'budgets.json')
    .option('--pages <file>', 'pages file, to name pages by their URL')
    .option('--out <dir>', 'output folder for results.json', '.perfgate')
    .addHelpText('after', '\nExit codes: 0 budgets pass (warnings allowed), 1 an error-level budget failed,\n2 usage or configuration error, 3 a page could not be measured.')
    .action(async (flags) => setCode(await assertCommand(flags, io)));

  cli
    .command('size')
    .description('Measure the bundles of budgets.json with size-limit (sizes, and optionally loading and running time) without Lighthouse.')
    .option('--budgets <file>', 'budgets file', 'budgets.json')
    .option('--out <dir>', 'output folder for results.json', '.perfgate')
    .option('--base <results.json>', "the base branch's results, for size changes against it")
    .addHelpText('after', '\nExit codes: 0 budgets pass (warnings allowed), 1 an error-level budget failed,\n2 usage or configuration error (including a glob that matches no file).')
    .action(async (flags) => setCode(await sizeCommand(flags, io)));

  return cli;
}

/** Runs the CLI with the given arguments (without node and script) and returns the exit code. */
async function main(args: string[], io: Io): Promise<number> {
  let code = 0;
  const cli = program(io, (c) => (code = c));
  if (args.length === 0) {
    cli.outputHelp();
    return 2;
  }
  try {
    await cli.parseAsync(args, { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof UserError || error instanceof Interrupted) {
      io.stderr.write(`\nperfgate: ${error.message}\n`);
      return error.exitCode;
    }
    io.stderr.write(`\nperfgate crashed; this is a bug, please report it with the output below.\n${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}

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
process.exitCode = await main(process.argv.slice(2), io);
