import type { SessionSummary } from '../../../server/src/contract/sessions.ts';
import { VITALS, type LatestVitals, type VitalKey } from '../../../server/src/contract/vitals.ts';
import { useNow } from './clock.ts';
import { formatAge, formatVital, SHOW_AGE_AFTER_MS } from './format.ts';

type Reading = LatestVitals[VitalKey];
type Baseline = SessionSummary['baseline'];

const SINGLE_VITALS = ['hr', 'spo2', 'rr', 'etco2', 'tempC'] as const satisfies readonly VitalKey[];

/** The latest value of every vital, large, with its unit and, once it is old, its age; with a
 * `baseline`, the session's pre-infusion value beside it. Each number has the test id
 * `chair-<id>-<vital>` and reads as the rounded number alone. */
export function VitalReadings({ chairId, latest, baseline = {} }: { chairId: number; latest: LatestVitals; baseline?: Baseline }) {
  return (
    <dl className="readings">
      <BloodPressure chairId={chairId} latest={latest} baseline={baseline} />
      {SINGLE_VITALS.map((vital) => (
        <SingleReading key={vital} chairId={chairId} vital={vital} reading={latest[vital]} baseline={baseline} />
      ))}
    </dl>
  );
}

function SingleReading({ chairId, vital, reading, baseline }: { chairId: number; vital: VitalKey; reading: Reading; baseline: Baseline }) {
  const ageMs = useAgeMs(reading?.recordedAt);
  const { label, name, unit } = VITALS[vital];
  return (
    <div className={readingClass(vital, ageMs)}>
      <dt title={name}>{label}</dt>
      <dd>
        <Value chairId={chairId} vital={vital} reading={reading} />
        <span className="reading-unit">{unit}</span>
        <Age ms={ageMs} />
        <BaselineValue chairId={chairId} vital={vital} text={baselineText(vital, baseline)} />
      </dd>
    </div>
  );
}

/** SBP/DBP with MAP, from one cuff cycle. */
function BloodPressure({ chairId, latest, baseline }: { chairId: number; latest: LatestVitals; baseline: Baseline }) {
  const newest = [latest.sbp, latest.dbp, latest.map].reduce<Reading>(
    (a, b) => (b && (!a || Date.parse(b.recordedAt) > Date.parse(a.recordedAt)) ? b : a),
    undefined,
  );
  const ageMs = useAgeMs(newest?.recordedAt);
  const { sbp, dbp, map } = VITALS;
  return (
    <div className={readingClass('bp', ageMs)}>
      <dt title={`${sbp.name} / ${dbp.name} (${map.name})`}>
        {sbp.label}/{dbp.label} ({map.label})
      </dt>
      <dd>
        <Value chairId={chairId} vital="sbp" reading={latest.sbp} />
        <span className="reading-separator">/</span>
        <Value chairId={chairId} vital="dbp" reading={latest.dbp} />
        <span className="reading-map">
          (<Value chairId={chairId} vital="map" reading={latest.map} />)
        </span>
        <span className="reading-unit">{sbp.unit}</span>
        <Age ms={ageMs} />
        <BaselineValue
          chairId={chairId}
          vital="bp"
          text={
            baseline.sbp !== undefined && baseline.dbp !== undefined
              ? `${baselineText('sbp', baseline)}/${baselineText('dbp', baseline)}`
              : undefined
          }
        />
      </dd>
    </div>
  );
}

function Value({ chairId, vital, reading }: { chairId: number; vital: VitalKey; reading: Reading }) {
  if (!reading) {
    return (
      <span className="reading-missing">
        <span aria-hidden="true">—</span>
        <span className="visually-hidden">no reading</span>
      </span>
    );
  }
  return (
    <span className="reading-value" data-testid={`chair-${chairId}-${vital}`}>
      {formatVital(vital, reading.value)}
    </span>
  );
}

function baselineText(vital: VitalKey, baseline: Baseline): string | undefined {
  const value = vital in baseline ? baseline[vital as keyof Baseline] : undefined;
  return value === undefined ? undefined : formatVital(vital, value);
}

function BaselineValue({ chairId, vital, text }: { chairId: number; vital: VitalKey | 'bp'; text: string | undefined }) {
  if (text === undefined) return null;
  return (
    <span className="reading-baseline">
      baseline <span data-testid={`chair-${chairId}-${vital}-baseline`}>{text}</span>
    </span>
  );
}

function Age({ ms }: { ms: number | undefined }) {
  if (ms === undefined || ms <= SHOW_AGE_AFTER_MS) return null;
  return <span className="reading-age">{formatAge(ms)} ago</span>;
}

/** Age of a reading in ms, moving every clock tick; undefined without a reading. */
function useAgeMs(recordedAt: string | undefined): number | undefined {
  const now = useNow();
  return recordedAt === undefined ? undefined : now - Date.parse(recordedAt);
}

function readingClass(kind: VitalKey | 'bp', ageMs: number | undefined): string {
  return `reading reading-${kind}${ageMs !== undefined && ageMs > SHOW_AGE_AFTER_MS ? ' reading-old' : ''}`;
}
