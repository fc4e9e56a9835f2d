// size-limit's plugins ship no type declarations; each default-exports a list of plugin objects.
declare module '@size-limit/file' {
  const plugins: Array<Record<string, unknown>>;
  export default plugins;
}
declare module '@size-limit/time' {
  const plugins: Array<Record<string, unknown>>;
  export default plugins;
}
