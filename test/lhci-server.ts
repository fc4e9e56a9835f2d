import { createRequire } from 'node:module';
import path from 'node:path';
import { ROOT } from './helpers.js';

/** A real Lighthouse CI server (@lhci/server) on the given PostgreSQL database, with one project (base branch main). */
export async function startLhciServer(
  databaseUrl: string,
): Promise<{ url: string; project: { id: string; token: string; slug: string }; close: () => Promise<void> }> {
  const { createServer } = createRequire(path.join(ROOT, 'package.json'))('@lhci/server') as {
    createServer: (options: unknown) => Promise<{ port: number; close: () => Promise<void> }>;
  };
  const server = await createServer({ port: 0, logLevel: 'silent', storage: { storageMethod: 'sql', sqlDialect: 'postgres', sqlConnectionUrl: databaseUrl } });
  const url = `http://127.0.0.1:${server.port}`;
  const created = await fetch(`${url}/v1/projects`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'shop', externalUrl: 'https://github.com/acme/shop', baseBranch: 'main' }),
  });
  return { url, project: (await created.json()) as { id: string; token: string; slug: string }, close: () => server.close() };
}
