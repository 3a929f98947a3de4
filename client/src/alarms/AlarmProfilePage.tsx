import { Loaded } from '../ui/Loaded.tsx';
import { useAlarmProfile } from './alarm-pages-api.ts';
import { AlarmProfileForm } from './AlarmProfileForm.tsx';

/** The limits and timings every session starts with (clinical reference §4). */
export function AlarmProfilePage() {
  const profile = useAlarmProfile();
  return (
    <section className="admin-page" aria-labelledby="alarm-profile-title">
      <title>Alarm profile — Chairside</title>
      <h1 id="alarm-profile-title">Alarm profile</h1>
      <p className="page-intro">
        The alarm limits and timings of every chair. A nurse may set other limits for one patient’s session, with a reason. Every change is
        in the audit trail.
      </p>
      <Loaded query={profile} what="the alarm profile">
        {(data) => <AlarmProfileForm profile={data} />}
      </Loaded>
    </section>
  );
}
