import { FilterOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Drawer, Empty, Flex, Grid, Row, Segmented, Skeleton, Space, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { LoadMore } from '@/components/ui/load-more';
import { isIndexBuilding, useSearch } from '@/features/search/api/search';
import {
  EMPTY_SEARCH_FACETS,
  SEARCH_FACETS,
  SEARCH_SORTS,
  searchParamsFrom,
  type SearchFacetFilter,
  type SearchSort,
} from '@/features/search/api/types';
import { ActiveSearchFilters, activeSearchFilters, SearchFacetPanel } from '@/features/search/components/search-facets';
import { SearchResultList } from '@/features/search/components/search-result-list';
import { useErrorMessage } from '@/lib/error-message';

/**
 * The results of the search in the page's URL (`q`, the facet filters, `sort`): how many, the
 * order, the facets with their counts (beside the list on a wide screen, in a drawer on a phone),
 * the list and "load more". `archived`: only the case library's (archived) tasks.
 * Without words it shows nothing: the page around it says what to type.
 */
export function SearchView({ archived }: { archived?: boolean }) {
  const { t } = useTranslation(['search', 'common']);
  const { message } = useErrorMessage();
  const wide = Grid.useBreakpoint().lg ?? false;
  const [urlParams, setUrlParams] = useSearchParams();
  const params = useMemo(() => searchParamsFrom(urlParams, archived), [urlParams, archived]);
  const query = useSearch(params);
  const [drawer, setDrawer] = useState(false);
  const data = query.data;
  const facets = data?.facets ?? EMPTY_SEARCH_FACETS;
  const filtered = activeSearchFilters(params).length;

  const change = (facet: SearchFacetFilter, value: string | undefined) => {
    const next = new URLSearchParams(urlParams);
    if (value) next.set(facet, value);
    else next.delete(facet);
    setUrlParams(next, { replace: true });
  };
  const clear = () => {
    const next = new URLSearchParams(urlParams);
    for (const f of SEARCH_FACETS) next.delete(f);
    setUrlParams(next, { replace: true });
  };
  const sort = (value: SearchSort) => {
    const next = new URLSearchParams(urlParams);
    if (value === 'relevance') next.delete('sort');
    else next.set('sort', value);
    setUrlParams(next, { replace: true });
  };

  if (!params.q) return null;

  const panel = <SearchFacetPanel facets={facets} params={params} onChange={change} />;
  const building = isIndexBuilding(query.error);

  return (
    <Row gutter={[16, 16]} wrap={false} data-testid="search-view">
      {wide && (
        <Col flex="280px">
          <Card size="small" title={t('facets.title')} style={{ position: 'sticky', top: 16 }}>
            {panel}
          </Card>
        </Col>
      )}
      <Col flex="auto" style={{ minWidth: 0 }}>
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Flex justify="space-between" align="center" gap={8} wrap>
            <Typography.Text type="secondary" data-testid="search-count">
              {data ? t('page.count', { count: data.total }) : '\u00a0'}
            </Typography.Text>
            <Space size="small" wrap>
              <Segmented<SearchSort>
                aria-label={t('page.sort')}
                value={params.sort ?? 'relevance'}
                onChange={sort}
                options={SEARCH_SORTS.map((s) => ({ value: s, label: t(`page.${s}`) }))}
              />
              {!wide && (
                <Button icon={<FilterOutlined />} onClick={() => setDrawer(true)}>
                  {filtered > 0 ? t('facets.open_count', { count: filtered }) : t('facets.open')}
                </Button>
              )}
            </Space>
          </Flex>
          <ActiveSearchFilters params={params} onChange={change} onClear={clear} />
          {query.error && !(data && query.isFetchNextPageError) ? (
            <Alert
              type={building ? 'info' : 'error'}
              showIcon
              data-testid="search-error"
              message={message(query.error)}
              action={
                <Button
                  size="small"
                  icon={<ReloadOutlined />}
                  loading={query.isRefetching}
                  onClick={() => void query.refetch()}
                  data-testid="search-retry"
                >
                  {t('common:actions.retry')}
                </Button>
              }
            />
          ) : query.isLoading ? (
            <Skeleton active />
          ) : data && data.items.length === 0 ? (
            <Card>
              <Empty
                description={
                  <Space direction="vertical" size={4}>
                    <Typography.Text>{t('empty.title', { q: params.q })}</Typography.Text>
                    <Typography.Text type="secondary">
                      {filtered > 0 ? t('empty.hint') : t('empty.hint_plain')}
                    </Typography.Text>
                  </Space>
                }
              >
                {filtered > 0 && (
                  <Button onClick={clear} data-testid="search-empty-clear">
                    {t('facets.clear')}
                  </Button>
                )}
              </Empty>
            </Card>
          ) : (
            data && (
              <>
                <SearchResultList items={data.items} />
                {query.isFetchNextPageError && <Alert type="error" showIcon message={message(query.error)} />}
                <LoadMore
                  pages={{
                    hasNextPage: query.hasNextPage,
                    isFetchingNextPage: query.isFetchingNextPage,
                    fetchNextPage: query.fetchNextPage,
                  }}
                />
              </>
            )
          )}
        </Space>
      </Col>
      {!wide && (
        <Drawer
          open={drawer}
          onClose={() => setDrawer(false)}
          title={t('facets.title')}
          placement="bottom"
          height="80%"
          extra={
            filtered > 0 && (
              <Button type="link" onClick={clear}>
                {t('facets.clear')}
              </Button>
            )
          }
        >
          {panel}
        </Drawer>
      )}
    </Row>
  );
}
