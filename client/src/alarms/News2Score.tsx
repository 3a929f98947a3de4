import { news2ForChair, type News2 } from '../../../server/src/clinical/news2.ts';
import type { ChairSnapshot } from '../../../server/src/contract/chairs.ts';
import type { SessionSummary } from '../../../server/src/contract/sessions.ts';
import { NEWS2_PARAMETERS, news2Summary } from './news2-text.ts';

const news2Of = (chair: ChairSnapshot, session: SessionSummary): News2 =>
  news2ForChair(chair.latest, chair.consciousness, session.sedationBefore);

/** The tile's one line: `NEWS2 5 · medium`. */
export function News2Line({ chair, session }: { chair: ChairSnapshot; session: SessionSummary }) {
  const news2 = news2Of(chair, session);
  return (
    <p className={`news2 news2-${news2.band}`} data-testid={`chair-${chair.id}-news2`}>
      {news2Summary(news2)}
    </p>
  );
}

/** The chair page's score, with the points of each parameter (a dash where there is no value). */
export function News2Detail({ chair, session }: { chair: ChairSnapshot; session: SessionSummary }) {
  const news2 = news2Of(chair, session);
  return (
    <div className="news2-detail">
      <p className={`news2 news2-${news2.band}`} data-testid={`chair-${chair.id}-news2`}>
        {news2Summary(news2)}
      </p>
      <dl className="news2-points">
        {NEWS2_PARAMETERS.map(({ key, label }) => (
          <div key={key} className="news2-point">
            <dt>{label}</dt>
            <dd data-testid={`chair-${chair.id}-news2-${key}`}>{news2.points[key] ?? '—'}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
