import { FilterOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Drawer, Empty, Flex, Grid, Row, Skeleton, Space, Typography } from 'antd';
import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { LoadMore } from '@/components/ui/load-more';
import { useCases } from '@/features/cases/api/list-cases';
import { CASE_OUTCOMES, FACETS, type CaseFilters, type FacetFilter, type Scenario } from '@/features/cases/api/types';
import { CaseCard } from '@/features/cases/components/case-card';
import { ActiveFilters, activeFilters, CaseFilterPanel } from '@/features/cases/components/case-filters';
import { scenarioValues } from '@/lib/api/schema';
import { useErrorMessage } from '@/lib/error-message';

const EMPTY_FACETS = { department: [], scenario: [], quarter: [], tag: [], outcome: [] };

/** The filters in the page's URL (so a filtered library can be linked to and survives a reload). */
function filtersFrom(params: URLSearchParams): CaseFilters {
  const f: CaseFilters = {};
  const department = params.get('department_id');
  const scenario = params.get('scenario');
  const quarter = params.get('quarter');
  const tag = params.get('tag');
  const outcome = params.get('outcome');
  if (department) f.department_id = department;
  if (scenario && (scenarioValues as readonly string[]).includes(scenario)) f.scenario = scenario as Scenario;
  if (quarter && /^\d{4}-Q[1-4]$/.test(quarter)) f.quarter = quarter;
  if (tag) f.tag = tag;
  const o = CASE_OUTCOMES.find((x) => x === outcome);
  if (o) f.outcome = o;
  return f;
}

/**
 * 协作案例库: archived tasks with facet filters (department, scenario, quarter, tag, outcome, each
 * value with its count), cards, and "load more" through the API's cursor. On a phone the filters
 * open in a drawer and the cards stack.
 *
 * `search`: the full-text search the route plugs in (features do not import each other): `box`
 * renders above the cards; while `results` is set (there are words in the box) the page shows it
 * (GET /search?archived=true, with its own facets) instead of the cards, and GET /cases waits.
 */
export function CaseLibrary({ search }: { search?: { box: ReactNode; results: ReactNode | null } }) {
  const { t } = useTranslation('cases');
  const { message } = useErrorMessage();
  const screens = Grid.useBreakpoint();
  const wide = screens.lg ?? false;
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => filtersFrom(params), [params]);
  const searching = Boolean(search?.results);
  const query = useCases(filters, !searching);
  const [drawer, setDrawer] = useState(false);
  const data = query.data;
  const facets = data?.facets ?? EMPTY_FACETS;
  const filtered = activeFilters(filters).length;

  // Department names seen in the facets, for a chosen department the other filters leave at 0.
  const [departmentLabels, setDepartmentLabels] = useState<Record<string, string>>({});
  const known = facets.department.filter((d) => departmentLabels[d.value] !== d.label);
  if (known.length > 0) {
    setDepartmentLabels((m) => ({ ...m, ...Object.fromEntries(known.map((d) => [d.value, d.label])) }));
  }

  const change = (facet: FacetFilter, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(facet, value);
    else next.delete(facet);
    setParams(next, { replace: true });
  };
  const clear = () => {
    const next = new URLSearchParams(params);
    for (const f of FACETS) next.delete(f);
    setParams(next, { replace: true });
  };

  const panel = (
    <CaseFilterPanel facets={facets} filters={filters} departmentLabels={departmentLabels} onChange={change} />
  );

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="case-library">
      <Flex justify="space-between" align="start" gap={12} wrap>
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('library.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('library.subtitle')}</Typography.Text>
        </div>
        {!wide && !searching && (
          <Button icon={<FilterOutlined />} onClick={() => setDrawer(true)}>
            {filtered > 0 ? t('filters.open_count', { count: filtered }) : t('filters.open')}
          </Button>
        )}
      </Flex>
      {search?.box}
      {searching ? (
        search?.results
      ) : (
        <Row gutter={[16, 16]} wrap={false}>
          {wide && (
            <Col flex="280px">
              <Card size="small" title={t('filters.title')} style={{ position: 'sticky', top: 16 }}>
                {panel}
              </Card>
            </Col>
          )}
          <Col flex="auto" style={{ minWidth: 0 }}>
            <Space direction="vertical" size="middle" style={{ width: '100%' }}>
              <ActiveFilters filters={filters} departmentLabels={departmentLabels} onChange={change} onClear={clear} />
              {query.error && <Alert type="error" showIcon message={message(query.error)} />}
              {query.isLoading ? (
                <Skeleton active />
              ) : data && data.items.length === 0 ? (
                <Card>
                  <Empty
                    description={
                      <Space direction="vertical" size={4}>
                        <Typography.Text>{filtered > 0 ? t('library.empty') : t('library.empty_all')}</Typography.Text>
                        <Typography.Text type="secondary">
                          {filtered > 0 ? t('library.empty_hint') : t('library.empty_all_hint')}
                        </Typography.Text>
                      </Space>
                    }
                  >
                    {filtered > 0 && (
                      <Button onClick={clear} data-testid="empty-clear">
                        {t('filters.clear')}
                      </Button>
                    )}
                  </Empty>
                </Card>
              ) : (
                data && (
                  <>
                    <Row gutter={[16, 16]} data-testid="case-cards">
                      {data.items.map((item) => (
                        <Col key={item.task.id} xs={24} md={12} xxl={8}>
                          <CaseCard item={item} />
                        </Col>
                      ))}
                    </Row>
                    <LoadMore
                      pages={{
                        hasNextPage: query.hasNextPage,
                        isFetchingNextPage: query.isFetchingNextPage,
                        fetchNextPage: query.fetchNextPage,
                      }}
                      total={data.total}
                    />
                  </>
                )
              )}
            </Space>
          </Col>
        </Row>
      )}
      {!wide && !searching && (
        <Drawer
          open={drawer}
          onClose={() => setDrawer(false)}
          title={t('filters.title')}
          placement="bottom"
          height="80%"
          extra={
            filtered > 0 && (
              <Button type="link" onClick={clear}>
                {t('filters.clear')}
              </Button>
            )
          }
        >
          {panel}
        </Drawer>
      )}
    </Space>
  );
}
