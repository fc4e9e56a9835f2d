// The layering rules of ../shared/DESIGN.md as checks (npm run check:deps, part of npm test).
/** The pure core: data in, data out; no I/O, no Chrome, no database, no GitHub, no commands. */
const CORE =
  '^src/(metrics|stats|results|base-comparison|baseline|judge-run|merge-results|rules|types|field-metrics|lab-vs-field|dashboard|errors)\\.ts$|^src/(budgets|report|compare)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'An import cycle: split the shared part into its own module.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-stays-pure',
      severity: 'error',
      comment: 'Rule 1: the pure core imports nothing from lab/, the field stores and server, github/, commands/ or the CLI.',
      from: { path: CORE },
      to: { path: '^src/(lab/|github/|commands/|cli\\.ts|main\\.ts|field/(sqlite|postgres|node-server|open-store|group-commit|handler|log))' },
    },
    {
      name: 'core-does-no-io',
      severity: 'error',
      comment: 'Rule 1: the pure core does no I/O (files, processes, network); its callers read and write.',
      from: { path: CORE },
      to: { dependencyTypes: ['core'], path: '^(node:)?(fs|fs/promises|child_process|net|http|https|worker_threads|dgram|cluster)$' },
    },
    {
      name: 'lab-not-field',
      severity: 'error',
      comment: 'Rule 2: lab/ and field/ meet only in the lab-vs-field comparison and in commands/.',
      from: { path: '^src/lab/' },
      to: { path: '^src/field/' },
    },
    {
      name: 'field-not-lab',
      severity: 'error',
      comment: 'Rule 2: lab/ and field/ meet only in the lab-vs-field comparison and in commands/.',
      from: { path: '^src/field/' },
      to: { path: '^src/lab/' },
    },
    {
      name: 'only-cli-exits',
      severity: 'error',
      comment: 'Rule 4: only cli.ts is imported by nobody; nothing imports the bin.',
      from: {},
      to: { path: '^src/cli\\.ts$' },
    },
    {
      name: 'snippet-stays-small',
      severity: 'error',
      comment: 'Rule 5: the browser snippet reaches only the wire-format types and the shared route matcher (bundled at build time).',
      from: { path: '^rum/src/' },
      to: { path: '^src/', pathNot: '^src/(field/wire|budgets/path-pattern)\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    exclude: { path: '^(dist|node_modules|example)/' },
  },
};
