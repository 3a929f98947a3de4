/**
 * `npm run bench [-- name…]`: runs the benchmarks (all, or those named) and writes each one's
 * section of docs/performance.md, between its `<!-- bench:name -->` markers; the rest of the file
 * is left as it is.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { alarmLatency, DEFAULT_OPTIONS, report } from './alarm-latency.ts';
import { withSection } from './doc.ts';
import { machine, projectRoot } from './harness.ts';
import { historyBenchmark, optionsFromArgs, report as historyReport } from './history.ts';
import { ingestBenchmark, optionsFromEnv as ingestOptions, report as ingestReport } from './ingest.ts';
import { memoryBenchmark, optionsFromEnv as memoryOptions, report as memoryReport } from './memory.ts';

interface Benchmark {
  name: string;
  /** Runs it and returns its section (Markdown). */
  run(log: (line: string) => void): Promise<string>;
  /** Only when named: it takes long (history's first run seeds a year, about 35 min here; memory soaks 40 min). */
  onlyWhenNamed?: boolean;
}

const BENCHMARKS: Benchmark[] = [
  {
    name: 'alarm-latency',
    run: async (log) => report(await alarmLatency({ ...DEFAULT_OPTIONS, log }), DEFAULT_OPTIONS),
  },
  {
    // Trial: `BENCH_RUNS=1 BENCH_INGEST_CHAIRS=50,500 BENCH_INGEST_SECONDS=5 npm run bench -- ingest`
    name: 'ingest',
    run: async (log) => {
      const options = ingestOptions(process.env, log);
      return ingestReport(await ingestBenchmark(options), options);
    },
  },
  {
    // `npm run bench:history [-- --reseed] [-- --candidates]`
    name: 'history',
    onlyWhenNamed: true,
    run: async (log) => historyReport(await historyBenchmark(optionsFromArgs(process.argv.slice(2), log))),
  },
  {
    // Trial: `BENCH_MEMORY_WARMUP_MINUTES=1 BENCH_MEMORY_SOAK_MINUTES=4 npm run bench -- memory`
    name: 'memory',
    onlyWhenNamed: true,
    run: async (log) => {
      const options = memoryOptions(process.env, log);
      return memoryReport(await memoryBenchmark(options), options);
    },
  },
];

const DOC = join(projectRoot, 'docs/performance.md');
const HEADER = `# Performance

Benchmarks of Chairside against the real server, run by \`npm run bench\` (all but the history
benchmark, whose first run seeds a year of sessions: \`npm run bench:history\`, and the 40-minute
memory soak: \`npm run bench -- memory\`) or
\`npm run bench -- <name>\` (one, e.g. \`alarm-latency\`). Each writes its own section below,
between its \`<!-- bench:name -->\` markers, with the machine, the date and the command it ran on;
text outside the markers is kept. Numbers from different machines are not comparable, and a busy
machine shows in the tails: each section gives the load average at the end of each set.

The server runs as a child process of the benchmark; to profile it, pass Node flags through
\`BENCH_SERVER_NODE_ARGS\`, e.g. \`BENCH_SERVER_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' npm run bench\`.
`;

function ranOn(command: string): string {
  const m = machine();
  return [
    `- Machine: ${m.cpu}, ${m.cores} cores, ${m.ramGiB} GiB RAM; ${m.os}`,
    `- Node ${m.node}; archive in ${m.archiveDisk}`,
    `- Date: ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}`,
    `- Command: \`${command}\``,
  ].join('\n');
}

async function main() {
  // Flags (`--reseed`…) are for the benchmarks themselves; the other arguments name benchmarks.
  const args = process.argv.slice(2);
  const names = args.filter((a) => !a.startsWith('--'));
  const flags = args.filter((a) => a.startsWith('--'));
  const unknown = names.filter((n) => !BENCHMARKS.some((b) => b.name === n));
  if (unknown.length) {
    console.error(`unknown benchmark ${unknown.join(', ')}; known: ${BENCHMARKS.map((b) => b.name).join(', ')}`);
    process.exit(2);
  }
  const selected = names.length ? BENCHMARKS.filter((b) => names.includes(b.name)) : BENCHMARKS.filter((b) => !b.onlyWhenNamed);
  const script = process.env.npm_lifecycle_event;
  // Sizes and durations set by BENCH_* variables (trial runs) show in the command.
  const settings = Object.entries(process.env)
    .filter(([name]) => name.startsWith('BENCH_'))
    .map(([name, value = '']) => `${name}=${/\s/.test(value) ? `'${value}'` : value} `)
    .join('');
  const command =
    settings +
    (script?.startsWith('bench:')
      ? `npm run ${script}${flags.length ? ` -- ${flags.join(' ')}` : ''}`
      : `npm run bench${args.length ? ` -- ${args.join(' ')}` : ''}`);
  const log = (line: string) => console.log(line);
  for (const benchmark of selected) {
    const started = Date.now();
    const body = await benchmark.run(log);
    // Headed by its machine and command; read the file again so sections written meanwhile stay.
    const [heading, ...rest] = body.trim().split('\n');
    const section = [heading, '', ranOn(command), ...rest].join('\n');
    const doc = existsSync(DOC) ? readFileSync(DOC, 'utf8') : HEADER;
    writeFileSync(DOC, withSection(doc, benchmark.name, section));
    log(`${benchmark.name}: done in ${Math.round((Date.now() - started) / 1000)} s, written to docs/performance.md`);
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
