import type { ReactNode } from 'react';
import type { UseQueryResult } from '@tanstack/react-query';
import { errorMessage } from './field-errors.ts';

/** A query's data once it is in; until then a loading line, or the error said plainly. */
export function Loaded<T>({ query, what, children }: { query: UseQueryResult<T>; what: string; children: (data: T) => ReactNode }) {
  if (query.isPending) return <p className="page-message">Loading {what}…</p>;
  if (query.isError) {
    return (
      <p className="page-message" role="alert">
        {errorMessage(query.error)}
      </p>
    );
  }
  return children(query.data);
}
