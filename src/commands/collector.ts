import path from 'node:path';
import { loadResults } from '../config/load-results.js';
import { createCollector } from '../field/handler.js';
import type { Results } from '../results.js';
import { serveCollector } from '../field/node-server.js';
import { openStore } from '../field/open-store.js';
import type { Io } from '../io.js';

export interface CollectorFlags {
  port: number;
  host: string;
  db?: string;
  databaseUrl?: string;
  allowOrigin?: string[];
  rateLimit: number;
  trustProxy?: boolean;
  readToken?: string;
  retentionDays: number;
  results?: string;
}

const DAY_MS = 86_400_000;

/**
 * `perfgate collector`: the field data endpoint. Runs until SIGTERM or Ctrl-C, then stops taking
 * requests, lets the ones in flight finish, commits the last batch and exits 0.
 */
export async function collectorCommand(flags: CollectorFlags, io: Io): Promise<number> {
  const { store, description } = await openStore({ db: flags.db, databaseUrl: flags.databaseUrl ?? io.env.DATABASE_URL, cwd: io.cwd });
  const readToken = flags.readToken ?? io.env.PERFGATE_READ_TOKEN;
  const resultsFile = flags.results ? path.resolve(io.cwd, flags.results) : null;
  // The dashboard's lab side: the results file as it is now (a CI job may replace it), or none while it is missing or broken.
  const labResults = (): Results | null => {
    try {
      return resultsFile ? loadResults(resultsFile) : null;
    } catch {
      return null;
    }
  };
  const handler = createCollector({ store, allowOrigins: flags.allowOrigin ?? [], rateLimit: flags.rateLimit, trustProxy: flags.trustProxy, readToken, labResults });
  const retention = async () => {
    const deleted = await store.deleteOlderThan(Date.now() - flags.retentionDays * DAY_MS).catch(() => 0);
    if (deleted > 0) io.stderr.write(`perfgate collector: deleted ${deleted} samples older than ${flags.retentionDays} days\n`);
  };
  await retention();
  const timer = setInterval(() => void retention(), DAY_MS / 24);
  timer.unref();
  let server;
  try {
    server = await serveCollector(handler, { port: flags.port, host: flags.host });
  } catch (error) {
    clearInterval(timer);
    await store.close();
    throw error;
  }
  io.stderr.write(`perfgate collector listening on ${server.url} (${description}; POST /rum, GET /healthz, GET /api/summary${readToken ? ' with a read token' : ''})\n`);
  await new Promise<void>((resolve) => {
    if (io.signal?.aborted) return resolve();
    io.signal?.addEventListener('abort', () => resolve(), { once: true });
  });
  io.stderr.write('perfgate collector: stopping; finishing requests in flight and committing the last batch\n');
  clearInterval(timer);
  await server.close();
  await store.close();
  io.stderr.write('perfgate collector: stopped\n');
  return 0;
}
