/** Dose maths of an IV ketamine infusion (clinical reference §1, docs/clinical.md). */

/** Planned dose (mg) = prescribed mg/kg × body weight, to 0.1 mg. */
export function plannedDoseMg(weightKg: number, doseMgPerKg: number): number {
  return round1(weightKg * doseMgPerKg);
}

/** Pump rate (mg/h) that delivers the planned dose over the planned duration, to 0.1 mg/h. */
export function rateMgPerH(doseMg: number, durationS: number): number {
  return round1(doseMg / (durationS / 3600));
}

const round1 = (x: number) => Math.round(x * 10) / 10;
