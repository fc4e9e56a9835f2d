/** Where a collector's data lives: what a second connection to the same store (a reader on another thread) needs. */
export type StoreLocation = { kind: 'sqlite'; file: string } | { kind: 'postgresql'; url: string };
