import { useId } from 'react';
import { ALARM_RULES, type AlarmLimits, type RuleId } from '../../../server/src/contract/alarms.ts';
import { PRIORITY_WORD } from './alarm-history.ts';
import { limitField, readNumber, RULE_GROUPS, ruleCondition, ruleUnit, withUnit, type LimitsForm } from './alarm-limits.ts';
import { PriorityLabel } from './AlarmHistoryTable.tsx';
import './alarm-pages.css';

interface AlarmLimitsTableProps {
  values: LimitsForm;
  onChange(id: RuleId, text: string): void;
  /** The limits each value is compared with: the ketamine defaults, or the clinic's. */
  reference: { title: string; limits: AlarmLimits };
  /** Said beside a value that differs from its reference. */
  changedNote: string;
  /** The message for an input, by the name the server gives it (`limits.sbp-high`). */
  errorFor(field: string): string | undefined;
  testId: string;
}

const COLUMNS = 5;

/** Every alarm rule, grouped by parameter, with an input for its limit. */
export function AlarmLimitsTable({ values, onChange, reference, changedNote, errorFor, testId }: AlarmLimitsTableProps) {
  const id = useId();
  return (
    <table className="data-table alarm-limits-table" data-testid={testId}>
      <thead>
        <tr>
          <th scope="col">Priority</th>
          <th scope="col">Alarm when</th>
          <th scope="col">Limit</th>
          <th scope="col">Allowed</th>
          <th scope="col">{reference.title}</th>
        </tr>
      </thead>
      {RULE_GROUPS.map((group) => (
        <tbody key={group.parameter}>
          <tr className="alarm-limits-group">
            <th scope="rowgroup" colSpan={COLUMNS}>
              {group.label}
            </th>
          </tr>
          {group.rules.map((rule) => (
            <LimitRow
              key={rule}
              rule={rule}
              inputId={`${id}-${rule}`}
              value={values[rule]}
              onChange={(text) => onChange(rule, text)}
              reference={reference.limits[rule]}
              changedNote={changedNote}
              error={errorFor(limitField(rule))}
              testId={`${testId}-${rule}`}
            />
          ))}
        </tbody>
      ))}
    </table>
  );
}

interface LimitRowProps {
  rule: RuleId;
  inputId: string;
  value: string;
  onChange(text: string): void;
  reference: number;
  changedNote: string;
  error: string | undefined;
  testId: string;
}

function LimitRow({ rule, inputId, value, onChange, reference, changedNote, error, testId }: LimitRowProps) {
  const { priority, range } = ALARM_RULES[rule];
  const unit = ruleUnit(rule);
  const typed = readNumber(value);
  const errorId = `${inputId}-error`;
  return (
    <tr data-testid={`${testId}-row`}>
      <td className="cell-nowrap">
        <PriorityLabel priority={priority} />
      </td>
      <td>
        <label htmlFor={inputId}>
          {ruleCondition(rule)} <span className="visually-hidden">({PRIORITY_WORD[priority]} alarm)</span>
        </label>
      </td>
      <td>
        <div className="limit-value">
          <input
            id={inputId}
            className="limit-input"
            inputMode="decimal"
            autoComplete="off"
            value={value}
            onChange={(event) => onChange(event.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? errorId : undefined}
            data-testid={testId}
          />
          {unit && <span className="limit-unit">{unit}</span>}
          {typed !== null && typed !== reference && <span className="limit-changed">{changedNote}</span>}
        </div>
        {error && (
          <p className="field-error" id={errorId} data-testid={`${testId}-error`}>
            {error}
          </p>
        )}
      </td>
      <td className="cell-note cell-nowrap">
        {range[0]}–{range[1]}
      </td>
      <td className="cell-nowrap">{withUnit(reference, unit)}</td>
    </tr>
  );
}
