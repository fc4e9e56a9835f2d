/** A throwaway PostgreSQL server for tests and benchmarks (scripts/postgres-cluster.mjs). */
export interface TestPostgres {
  url: string;
  /** A new empty database on the same server, and its URL. */
  createDatabase(name: string): Promise<string>;
  /** Stops the server (fast shutdown: sessions are cut off), keeping its data. */
  pause(): void;
  /** Starts it again on the same port. */
  resume(): void;
  stop(): void;
}

export function startPostgres(settings?: Record<string, string | number>): Promise<TestPostgres>;
