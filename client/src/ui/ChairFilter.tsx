import { SelectField } from './Field.tsx';

interface ChairFilterProps {
  /** The chair id as text; empty for every chair. */
  value: string;
  chairs: readonly { id: number; name: string }[];
  onChange(value: string): void;
  testId: string;
}

/** "All chairs" or one of them; a chair named in a shared link is offered even before the board has loaded. */
export function ChairFilter({ value, chairs, onChange, testId }: ChairFilterProps) {
  const options =
    value && !chairs.some((chair) => String(chair.id) === value) ? [...chairs, { id: Number(value), name: `Chair ${value}` }] : chairs;
  return (
    <SelectField label="Chair" value={value} onChange={(event) => onChange(event.target.value)} testId={testId}>
      <option value="">All chairs</option>
      {options.map((chair) => (
        <option key={chair.id} value={String(chair.id)}>
          {chair.name}
        </option>
      ))}
    </SelectField>
  );
}
