import { isQuickPeriod, QUICK_PERIODS, quickPeriod, type Period, type QuickPeriod } from './period.ts';
import './history.css';

interface QuickPeriodsProps {
  choices: readonly QuickPeriod[];
  /** The period shown: its quick choice, if any, is pressed. */
  period: Period;
  onChoose(period: Period): void;
  testIdPrefix: string;
}

export function QuickPeriods({ choices, period, onChoose, testIdPrefix }: QuickPeriodsProps) {
  const today = new Date();
  return (
    <div className="quick-periods" role="group" aria-label="Quick periods">
      {choices.map((choice) => (
        <button
          key={choice}
          type="button"
          className="button"
          aria-pressed={isQuickPeriod(period, choice, today)}
          onClick={() => onChoose(quickPeriod(choice, today))}
          data-testid={`${testIdPrefix}-${choice}`}
        >
          {QUICK_PERIODS[choice]}
        </button>
      ))}
    </div>
  );
}
