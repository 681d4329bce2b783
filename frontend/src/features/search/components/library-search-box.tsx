import { Input } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';

const DEBOUNCE_MS = 400;

/**
 * The case library's text box: its words go to the URL's `q` as one types (after a pause) or at
 * once on Enter, and the library then shows search hits among archived tasks. Emptied, `q` (and
 * the search-only `kind` and `sort`) leave the URL and the normal library returns; the shared
 * facet filters (department, scenario, quarter, tag, outcome) stay.
 */
export function LibrarySearchBox() {
  const { t } = useTranslation('search');
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const [value, setValue] = useState(q);
  const [shown, setShown] = useState(q);
  // The URL changed elsewhere (back button, a link): the box follows.
  if (q !== shown) {
    setShown(q);
    setValue(q);
  }
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  const commit = (raw: string) => {
    clearTimeout(timer.current);
    const words = raw.trim().slice(0, 200);
    if (words === q.trim()) return;
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (words) next.set('q', words);
        else for (const k of ['q', 'kind', 'sort']) next.delete(k);
        return next;
      },
      { replace: true },
    );
  };

  return (
    <Input.Search
      value={value}
      onChange={(e) => {
        const v = e.target.value;
        setValue(v);
        clearTimeout(timer.current);
        if (!v.trim()) commit('');
        else timer.current = setTimeout(() => commit(v), DEBOUNCE_MS);
      }}
      onSearch={commit}
      placeholder={t('box.library_placeholder')}
      aria-label={t('box.label')}
      maxLength={200}
      allowClear
      data-testid="library-search"
      style={{ maxWidth: 560 }}
    />
  );
}
