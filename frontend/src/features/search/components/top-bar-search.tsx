import { SearchOutlined } from '@ant-design/icons';
import { Button, Grid, Input, Popover } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { paths, searchPath } from '@/config/paths';

/**
 * The search box of the top bar: Enter opens the 搜索 page with the words. On a phone it is an
 * icon that opens the box, so the bar keeps its room.
 */
export function TopBarSearch() {
  const { t } = useTranslation('search');
  const navigate = useNavigate();
  const location = useLocation();
  const wide = Grid.useBreakpoint().md ?? false;
  const [open, setOpen] = useState(false);
  // On the search page the box starts from its words (a reload or a shared link).
  const current = location.pathname === paths.search ? (new URLSearchParams(location.search).get('q') ?? '') : '';
  const [value, setValue] = useState(current);
  const [shown, setShown] = useState(current);
  if (current !== shown) {
    setShown(current);
    setValue(current);
  }

  const search = (raw: string) => {
    const q = raw.trim();
    if (!q) return;
    setOpen(false);
    void navigate(searchPath(q.slice(0, 200)));
  };

  const box = (
    <Input.Search
      value={value}
      onChange={(e) => setValue(e.target.value)}
      onSearch={(v, _e, info) => {
        if (info?.source !== 'clear') search(v);
      }}
      placeholder={t('box.placeholder')}
      aria-label={t('box.label')}
      maxLength={200}
      allowClear
      autoFocus={!wide}
      data-testid="top-bar-search"
      style={{ width: wide ? 280 : 240, verticalAlign: 'middle' }}
    />
  );

  if (wide) return box;
  return (
    <Popover open={open} onOpenChange={setOpen} trigger="click" placement="bottomRight" content={box} destroyOnHidden>
      <Button type="text" icon={<SearchOutlined />} aria-label={t('box.label')} data-testid="top-bar-search-open" />
    </Popover>
  );
}
