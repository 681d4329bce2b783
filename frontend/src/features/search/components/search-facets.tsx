import { CloseOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Badge, Button, Flex, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { fetchAllDepartments } from '@/components/ui/department-select';
import {
  SEARCH_FACET_OF,
  SEARCH_FACETS,
  type SearchFacetFilter,
  type SearchFacetsDto,
  type SearchFacetValue,
  type SearchParams,
} from '@/features/search/api/types';

/** Every department, inactive ones too (a facet may count results of a closed department). */
const allDepartmentsQuery = {
  queryKey: ['departments', 'all'] as const,
  queryFn: () => fetchAllDepartments(),
  staleTime: 5 * 60_000,
};

/**
 * How a facet value reads. The API sends values only: departments are named from the department
 * list, the closed sets (kind, scenario, outcome) translated, quarters as 2026 年第 4 季度.
 */
export function useSearchFacetLabel() {
  const { t } = useTranslation(['search', 'cases', 'tasks']);
  const departments = useQuery(allDepartmentsQuery);
  return (facet: SearchFacetFilter, value: string): string => {
    switch (facet) {
      case 'kind':
        return t(`search:kind.${value as 'task'}`);
      case 'scenario':
        return t(`tasks:scenario.${value as 'cross_department'}`);
      case 'outcome':
        return t(`cases:outcome.${value as 'on_time'}`);
      case 'quarter': {
        const m = /^(\d{4})-Q([1-4])$/.exec(value);
        return m ? t('cases:quarter', { year: m[1], q: m[2] }) : value;
      }
      case 'department_id':
        return departments.data?.find((d) => d.id === value)?.name ?? t('search:facets.unknown_department');
      default:
        return value;
    }
  };
}

/** The filters set, as `[facet, value]` pairs in the panel's order. */
export function activeSearchFilters(params: SearchParams): [SearchFacetFilter, string][] {
  return SEARCH_FACETS.flatMap((f) => (params[f] ? [[f, String(params[f])] as [SearchFacetFilter, string]] : []));
}

/**
 * The facets of a search: each value with how many results (matching the other filters) have it.
 * Choosing a value filters by it; choosing it again (or 清除) clears it.
 */
export function SearchFacetPanel({
  facets,
  params,
  onChange,
}: {
  facets: SearchFacetsDto;
  params: SearchParams;
  onChange: (facet: SearchFacetFilter, value: string | undefined) => void;
}) {
  const { t } = useTranslation('search');
  const label = useSearchFacetLabel();
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="search-facets">
      {SEARCH_FACETS.map((facet) => {
        const chosen = params[facet] ? String(params[facet]) : undefined;
        const counts: SearchFacetValue[] = facets[SEARCH_FACET_OF[facet]];
        // The chosen value stays listed even when the other filters leave it no results.
        const values = chosen && !counts.some((c) => c.value === chosen) ? [{ value: chosen, count: 0 }, ...counts] : counts;
        return (
          <div key={facet} role="group" aria-label={t(`facets.${facet}`)} data-testid={`search-facet-${facet}`}>
            <Flex justify="space-between" align="center" style={{ marginBottom: 6 }}>
              <Typography.Text strong>{t(`facets.${facet}`)}</Typography.Text>
              {chosen && (
                <Button type="link" size="small" style={{ padding: 0 }} onClick={() => onChange(facet, undefined)}>
                  {t('facets.clear_one')}
                </Button>
              )}
            </Flex>
            {values.length === 0 ? (
              <Typography.Text type="secondary">{t('facets.none')}</Typography.Text>
            ) : (
              <Flex wrap gap={6}>
                {values.map((v) => {
                  const on = v.value === chosen;
                  return (
                    <Tag.CheckableTag
                      key={v.value}
                      checked={on}
                      data-testid="search-facet-value"
                      data-value={v.value}
                      aria-pressed={on}
                      onChange={() => onChange(facet, on ? undefined : v.value)}
                      style={{ border: '1px solid #d9d9d9', marginInlineEnd: 0, padding: '2px 8px' }}
                    >
                      <Space size={4}>
                        <span>{label(facet, v.value)}</span>
                        <Badge
                          count={v.count}
                          showZero
                          overflowCount={999}
                          color={on ? '#fff' : '#f0f0f0'}
                          style={{ color: on ? '#1677ff' : 'rgba(0,0,0,0.65)', boxShadow: 'none' }}
                        />
                      </Space>
                    </Tag.CheckableTag>
                  );
                })}
              </Flex>
            )}
          </div>
        );
      })}
    </Space>
  );
}

/** The filters set, as closable tags, and 清除筛选. */
export function ActiveSearchFilters({
  params,
  onChange,
  onClear,
}: {
  params: SearchParams;
  onChange: (facet: SearchFacetFilter, value: string | undefined) => void;
  onClear: () => void;
}) {
  const { t } = useTranslation('search');
  const label = useSearchFacetLabel();
  const active = activeSearchFilters(params);
  if (active.length === 0) return null;
  return (
    <Flex wrap gap={6} align="center" data-testid="search-active-filters">
      {active.map(([facet, value]) => (
        <Tag
          key={facet}
          closable
          closeIcon={<CloseOutlined aria-label={t('facets.clear_one')} />}
          onClose={(e) => {
            e.preventDefault();
            onChange(facet, undefined);
          }}
        >
          {t('facets.chip', { facet: t(`facets.${facet}`), value: label(facet, value) })}
        </Tag>
      ))}
      <Button type="link" size="small" onClick={onClear}>
        {t('facets.clear')}
      </Button>
    </Flex>
  );
}
