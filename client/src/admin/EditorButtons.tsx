/** Save and Cancel under an editor that opens in a table row. */
export function EditorButtons({ pending, onCancel, testId }: { pending: boolean; onCancel(): void; testId: string }) {
  return (
    <div className="form-actions">
      <button type="submit" className="button button-primary" disabled={pending} data-testid={`${testId}-save`}>
        Save
      </button>
      <button type="button" className="button button-secondary" onClick={onCancel} data-testid={`${testId}-cancel`}>
        Cancel
      </button>
    </div>
  );
}
