import { describe, expect, it } from 'vitest';
import { parseCommandLine } from './cli.ts';

const parse = (line: string, env: NodeJS.ProcessEnv = {}) => parseCommandLine(line.split(' ').filter(Boolean), env);

describe('parseCommandLine', () => {
  it('reads the documented options', () => {
    expect(parse('--chairs 12 --speed 10 --scenario routine --seed 7 --url http://127.0.0.1:3000 --token t --transport http --bp-interval 600 --once')).toEqual({
      options: {
        url: 'http://127.0.0.1:3000',
        token: 't',
        chairs: 12,
        speed: 10,
        scenario: 'routine',
        seed: 7,
        transport: 'http',
        loop: false,
        cadence: { sampleIntervalS: 5, bpIntervalS: 600 },
      },
    });
  });

  it('takes the token from CHAIRSIDE_INGEST_TOKEN and defaults the rest for a mixed demo', () => {
    expect(parse('', { CHAIRSIDE_INGEST_TOKEN: 'from-env' })).toEqual({
      options: expect.objectContaining({ token: 'from-env', chairs: 8, speed: 1, scenario: 'mixed', seed: 1, transport: 'socket', loop: true }),
    });
  });

  it('explains every unusable value', () => {
    expect(parse('--chairs twelve --speed 0 --scenario chaos --token t')).toEqual({ errors: ['--chairs expects a number (got "twelve")'] });
    const { errors } = parse('--chairs 0 --speed 0 --scenario chaos --transport pigeon') as { errors: string[] };
    expect(errors).toEqual([
      expect.stringMatching(/^token must not be empty/),
      expect.stringMatching(/^chairs must be a whole number from 1 to 5000 \(got 0\)/),
      expect.stringMatching(/^speed must be from 0.1/),
      expect.stringMatching(/^scenario must be one of routine, hypertensive-surge, desaturation, sensor-off, nausea-episode, mixed \(got "chaos"\)/),
      expect.stringMatching(/^transport must be socket or http/),
    ]);
  });

  it('reports unknown options and asks for help', () => {
    expect(parse('--chiars 3')).toEqual({ errors: [expect.stringMatching(/Unknown option '--chiars'/)] });
    expect(parse('-h')).toEqual({ help: true });
  });
});
