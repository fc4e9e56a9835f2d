// The tests' PostgreSQL server: the same throwaway cluster the benchmarks start.
export { startPostgres, type TestPostgres } from '../../scripts/postgres-cluster.mjs';
