import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { HighlightedSnippet, snippetParts } from '@/features/search/components/highlighted-snippet';

const marks = (el: HTMLElement) => [...el.querySelectorAll('mark')].map((m) => m.textContent);

describe('HighlightedSnippet', () => {
  it('marks exactly the characters of each range', () => {
    const { container } = render(
      <HighlightedSnippet snippet={{ text: '把审批预算的流程写进立项清单', highlights: [[1, 3], [3, 5]] }} />,
    );
    expect(marks(container)).toEqual(['审批', '预算']);
    expect(container.textContent).toBe('把审批预算的流程写进立项清单');
  });

  it('counts offsets in Unicode characters, not UTF-16 units (an emoji or a rare character before the match)', () => {
    // 😀 and 𠀋 are two UTF-16 units each but one character for the API.
    const { container } = render(<HighlightedSnippet snippet={{ text: '😀𠀋预算审批', highlights: [[2, 4]] }} />);
    expect(marks(container)).toEqual(['预算']);
    expect(container.textContent).toBe('😀𠀋预算审批');
  });

  it('escapes everything else: markup in the text stays text, no element comes from it', () => {
    const text = '<img src=x onerror="alert(1)"> & <b>预算</b>';
    const start = Array.from(text).indexOf('预');
    const { container } = render(<HighlightedSnippet snippet={{ text, highlights: [[start, start + 2]] }} />);
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('b')).toBeNull();
    expect(marks(container)).toEqual(['预算']);
    expect(container.textContent).toBe(text);
    expect(container.innerHTML).toContain('&lt;img src=x onerror="alert(1)"&gt; &amp; &lt;b&gt;');
  });

  it('clamps ranges past the end and skips empty, reversed or overlapping ones', () => {
    expect(snippetParts({ text: '预算审批', highlights: [[2, 9], [3, 3], [1, 0], [2, 3]] })).toEqual([
      { text: '预算', marked: false },
      { text: '审批', marked: true },
    ]);
    expect(snippetParts({ text: '预算', highlights: [] })).toEqual([{ text: '预算', marked: false }]);
  });
});
