/**
 * `npm run simulate -- --chairs 12 --speed 10 --scenario routine --seed 7 --url http://127.0.0.1:3000 --token <t>`
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { SCENARIO_NAMES, type ScenarioName } from './scenarios.ts';
import { simulationOptionIssues, startSimulation, type SimulationOptions, type Transport } from './simulation.ts';

export const USAGE = `Usage: npm run simulate -- [options]

  --url <address>          Chairside server (default http://127.0.0.1:3000)
  --token <token>          device token; default: environment variable CHAIRSIDE_INGEST_TOKEN
  --chairs <n>             drive chairs 1..n (default 8)
  --speed <x>              simulated seconds per real second (default 1)
  --scenario <name>        ${SCENARIO_NAMES.join(' | ')} (default mixed)
  --seed <n>               same seed, same patients and readings (default 1)
  --transport <t>          socket | http (default socket)
  --sample-interval <s>    simulated seconds between HR/SpO₂/RR/EtCO₂ readings (default 5)
  --bp-interval <s>        simulated seconds between BP readings during the infusion (default 300)
  --once                   one session per chair, then exit (default: a new patient follows each discharge)
  -h, --help               show this help`;

/** The options from the command line, or the reasons they are unusable. */
export function parseCommandLine(args: string[], env: NodeJS.ProcessEnv): { help: true } | { options: SimulationOptions } | { errors: string[] } {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        url: { type: 'string', default: 'http://127.0.0.1:3000' },
        token: { type: 'string' },
        chairs: { type: 'string', default: '8' },
        speed: { type: 'string', default: '1' },
        scenario: { type: 'string', default: 'mixed' },
        seed: { type: 'string', default: '1' },
        transport: { type: 'string', default: 'socket' },
        'sample-interval': { type: 'string', default: '5' },
        'bp-interval': { type: 'string', default: '300' },
        once: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    return { errors: [error instanceof Error ? error.message : String(error)] };
  }
  if (values.help) return { help: true };

  const errors: string[] = [];
  const number = (flag: string, text: string) => {
    const value = text.trim() === '' ? NaN : Number(text);
    if (Number.isNaN(value)) errors.push(`--${flag} expects a number (got "${text}")`);
    return value;
  };
  const options: SimulationOptions = {
    url: values.url,
    token: values.token ?? env.CHAIRSIDE_INGEST_TOKEN ?? '',
    chairs: number('chairs', values.chairs),
    speed: number('speed', values.speed),
    scenario: values.scenario as ScenarioName,
    seed: number('seed', values.seed),
    transport: values.transport as Transport,
    loop: !values.once,
    cadence: { sampleIntervalS: number('sample-interval', values['sample-interval']), bpIntervalS: number('bp-interval', values['bp-interval']) },
  };
  if (errors.length > 0) return { errors };
  const issues = simulationOptionIssues(options);
  return issues.length > 0 ? { errors: issues } : { options };
}

const timestamp = () => new Date().toISOString().slice(11, 19);
const consoleLog = {
  info: (message: string) => console.log(`${timestamp()} ${message}`),
  warn: (message: string) => console.warn(`${timestamp()} warning: ${message}`),
  error: (message: string) => console.error(`${timestamp()} error: ${message}`),
};

async function main(): Promise<void> {
  const parsed = parseCommandLine(process.argv.slice(2), process.env);
  if ('help' in parsed) {
    console.log(USAGE);
    return;
  }
  if ('errors' in parsed) {
    console.error(`simulate: ${parsed.errors.join('\nsimulate: ')}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }

  const simulation = startSimulation({ ...parsed.options, log: consoleLog });
  let stopping = false;
  const onSignal = () => {
    if (stopping) process.exit(130); // a second Ctrl-C does not wait
    stopping = true;
    consoleLog.info('stopping (sessions in progress stay open on the server)');
    void simulation.stop();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  // The reason for a failure has already been logged by the simulation.
  await simulation.done.catch(() => {
    if (!stopping) process.exitCode = 1;
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
