import path from 'node:path';
import { UserError } from '../errors.js';
import type { FieldStore } from './store.js';
import type { StoreLocation } from './store-location.js';

/** Opens PostgreSQL when a database URL is given, else the SQLite file (created when missing). */
export async function openStore(options: {
  db?: string;
  databaseUrl?: string;
  cwd: string;
  onError?: (event: string, error: Error) => void;
}): Promise<{ store: FieldStore; description: string; location: StoreLocation }> {
  if (options.databaseUrl) {
    if (!URL.canParse(options.databaseUrl) || !/^postgres(ql)?:$/.test(new URL(options.databaseUrl).protocol)) {
      throw new UserError('--database-url / DATABASE_URL: not a PostgreSQL URL; write postgres://user:password@host:5432/database.');
    }
    const { openPostgresStore } = await import('./postgres-store.js');
    try {
      return {
        store: await openPostgresStore(options.databaseUrl, { onError: options.onError }),
        description: `PostgreSQL ${new URL(options.databaseUrl).host}`,
        location: { kind: 'postgresql', url: options.databaseUrl },
      };
    } catch (error) {
      if (error instanceof UserError) throw error;
      throw new UserError(
        `Cannot use the PostgreSQL database at ${new URL(options.databaseUrl).host}: ${(error as Error).message}. Check --database-url / DATABASE_URL.`,
      );
    }
  }
  const file = path.resolve(options.cwd, options.db ?? 'perfgate-field.db');
  const { openSqliteStore } = await import('./sqlite-store.js');
  try {
    return { store: openSqliteStore(file, { onError: options.onError }), description: `SQLite ${file}`, location: { kind: 'sqlite', file } };
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`Cannot open the SQLite database ${file}: ${(error as Error).message}. Check --db.`);
  }
}
