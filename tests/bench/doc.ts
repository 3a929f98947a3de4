/** docs/performance.md is shared by every benchmark: each owns the text between its markers. */

export const markers = (name: string) => [`<!-- bench:${name} -->`, `<!-- /bench:${name} -->`] as const;

/** The document with `name`'s section replaced (or appended when it has none yet). */
export function withSection(doc: string, name: string, body: string): string {
  const [open, close] = markers(name);
  const section = `${open}\n${body.trim()}\n${close}`;
  const start = doc.indexOf(open);
  const end = doc.indexOf(close, start);
  if (start >= 0 && end >= 0) return doc.slice(0, start) + section + doc.slice(end + close.length);
  return `${doc.trimEnd()}\n\n${section}\n`;
}
