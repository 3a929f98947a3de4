import { Link } from 'react-router';
import type { ChairSnapshot } from '../../../server/src/contract/chairs.ts';
import { duePrompts, type Prompt } from '../../../server/src/contract/prompts.ts';
import type { SessionSummary } from '../../../server/src/contract/sessions.ts';
import { useNow } from './clock.ts';

interface DuePromptsProps {
  chair: ChairSnapshot;
  session: SessionSummary;
  /** For a nurse: a vitals prompt opens the keypad for this chair, the discharge check its page. */
  onEnterVitals?: (chairId: number) => void;
}

/** What the monitoring protocol asks for now on this chair, in words and with a symbol; on the
 * board and on the chair page. */
export function DuePrompts({ chair, session, onEnterVitals }: DuePromptsProps) {
  const prompts = duePrompts(session, chair.latest, useNow());
  if (prompts.length === 0) return null;
  return (
    <ul className="prompts" aria-label="Due now" data-testid={`chair-${chair.id}-prompts`}>
      {prompts.map((prompt) => (
        <li key={prompt.kind}>
          <PromptItem prompt={prompt} chairId={chair.id} onEnterVitals={onEnterVitals} />
        </li>
      ))}
    </ul>
  );
}

function PromptItem({ prompt, chairId, onEnterVitals }: { prompt: Prompt; chairId: number; onEnterVitals?: (chairId: number) => void }) {
  const testId = `chair-${chairId}-prompt-${prompt.kind}`;
  const content = (
    <>
      <span className="prompt-symbol" aria-hidden="true">
        ◷
      </span>
      {prompt.text}
    </>
  );
  if (!onEnterVitals) {
    return (
      <span className="prompt" data-testid={testId}>
        {content}
      </span>
    );
  }
  if (prompt.kind === 'discharge-check') {
    return (
      <Link className="prompt prompt-action" to={`/chairs/${chairId}`} data-testid={testId}>
        {content}
      </Link>
    );
  }
  return (
    <button type="button" className="prompt prompt-action" onClick={() => onEnterVitals(chairId)} data-testid={testId}>
      {content}
    </button>
  );
}
