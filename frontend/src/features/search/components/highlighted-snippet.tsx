import type { ReactNode } from 'react';
import type { SearchSnippet } from '@/features/search/api/types';

/**
 * Splits a snippet into plain and marked parts. `highlights` are `[start, end)` offsets in
 * characters (Unicode scalar values, not UTF-16 units), so the text is cut by code points: an
 * emoji or a rare CJK character before a match does not shift it. Ranges out of bounds, empty or
 * overlapping an earlier one are clamped or skipped rather than trusted.
 */
export function snippetParts(snippet: SearchSnippet): { text: string; marked: boolean }[] {
  const chars = Array.from(snippet.text);
  const ranges = snippet.highlights
    .flatMap((r) => (r.length >= 2 ? [[r[0]!, r[1]!] as const] : []))
    .map(([s, e]) => [Math.max(0, Math.min(s, chars.length)), Math.max(0, Math.min(e, chars.length))] as const)
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0]);
  const parts: { text: string; marked: boolean }[] = [];
  let at = 0;
  for (const [start, end] of ranges) {
    if (start < at) continue;
    if (start > at) parts.push({ text: chars.slice(at, start).join(''), marked: false });
    parts.push({ text: chars.slice(start, end).join(''), marked: true });
    at = end;
  }
  if (at < chars.length) parts.push({ text: chars.slice(at).join(''), marked: false });
  return parts;
}

/**
 * A result's passage with the matching words in <mark>. Built from React elements, so the text
 * (plain, maybe with `<` or `&` in it) is always escaped: never set as HTML.
 */
export function HighlightedSnippet({ snippet }: { snippet: SearchSnippet }) {
  const nodes: ReactNode[] = snippetParts(snippet).map((p, i) =>
    p.marked ? (
      <mark key={i} style={{ padding: 0, background: '#fff1b8', color: 'inherit' }}>
        {p.text}
      </mark>
    ) : (
      <span key={i}>{p.text}</span>
    ),
  );
  return <span data-testid="search-snippet">{nodes}</span>;
}
