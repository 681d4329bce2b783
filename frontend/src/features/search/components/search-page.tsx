import { Card, Empty, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { SearchView } from '@/features/search/components/search-view';

/**
 * 搜索: the words in a box, then the results (count, order, facets, list). Everything is in the
 * URL (`/search?q=…&kind=file&sort=newest`): a search can be linked to and survives a reload.
 */
export function SearchPage() {
  const { t } = useTranslation('search');
  const [params, setParams] = useSearchParams();
  const q = (params.get('q') ?? '').trim();
  const [value, setValue] = useState(q);
  const [shown, setShown] = useState(q);
  if (q !== shown) {
    setShown(q);
    setValue(q);
  }

  const search = (raw: string) => {
    const next = new URLSearchParams(params);
    const words = raw.trim().slice(0, 200);
    if (words) next.set('q', words);
    else next.delete('q');
    setParams(next);
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="search-page">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('title')}
      </Typography.Title>
      <Input.Search
        value={value}
        onChange={(e) => setValue(e.target.value)}
        onSearch={search}
        placeholder={t('box.placeholder')}
        aria-label={t('box.label')}
        maxLength={200}
        allowClear
        enterButton
        size="large"
        data-testid="search-page-box"
        style={{ maxWidth: 720 }}
      />
      {q ? (
        <SearchView />
      ) : (
        <Card>
          <Empty description={t('page.prompt')} />
        </Card>
      )}
    </Space>
  );
}
