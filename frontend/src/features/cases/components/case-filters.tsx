import { CloseOutlined } from '@ant-design/icons';
import { Badge, Button, Flex, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  FACET_OF,
  FACETS,
  type CaseFacetsDto,
  type CaseFilters,
  type FacetCountDto,
  type FacetFilter,
} from '@/features/cases/api/types';
import { useQuarterLabel } from '@/features/cases/components/labels';

/** How a facet value reads: departments and tags by the API's label, the closed sets translated. */
export function useFacetLabel() {
  const { t } = useTranslation(['cases', 'tasks']);
  const quarter = useQuarterLabel();
  return (facet: FacetFilter, value: string, label?: string): string => {
    switch (facet) {
      case 'scenario':
        return t(`tasks:scenario.${value as 'cross_department'}`);
      case 'outcome':
        return t(`cases:outcome.${value as 'on_time'}`);
      case 'quarter':
        return quarter(value);
      default:
        return label ?? value;
    }
  };
}

/** The filters set, as `[facet, value]` pairs in the facets' order. */
export function activeFilters(filters: CaseFilters): [FacetFilter, string][] {
  return FACETS.flatMap((f) => (filters[f] ? [[f, String(filters[f])] as [FacetFilter, string]] : []));
}

/**
 * The facets of the case library: each value with how many cases (matching the other filters)
 * have it. Choosing a value filters by it; choosing it again (or 清除) clears it.
 */
export function CaseFilterPanel({
  facets,
  filters,
  departmentLabels,
  onChange,
}: {
  facets: CaseFacetsDto;
  filters: CaseFilters;
  /** Names of departments seen so far, for a chosen department that no longer has a count. */
  departmentLabels: Record<string, string>;
  onChange: (facet: FacetFilter, value: string | undefined) => void;
}) {
  const { t } = useTranslation('cases');
  const label = useFacetLabel();

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="case-filters">
      {FACETS.map((facet) => {
        const chosen = filters[facet] ? String(filters[facet]) : undefined;
        const counts: FacetCountDto[] = facets[FACET_OF[facet]];
        // The chosen value stays listed even when the other filters leave it no cases.
        const values =
          chosen && !counts.some((c) => c.value === chosen)
            ? [{ value: chosen, label: departmentLabels[chosen] ?? chosen, count: 0 }, ...counts]
            : counts;
        return (
          <div key={facet} role="group" aria-label={t(`filters.${facet}`)} data-testid={`facet-${facet}`}>
            <Flex justify="space-between" align="center" style={{ marginBottom: 6 }}>
              <Typography.Text strong>{t(`filters.${facet}`)}</Typography.Text>
              {chosen && (
                <Button type="link" size="small" style={{ padding: 0 }} onClick={() => onChange(facet, undefined)}>
                  {t('filters.clear_one')}
                </Button>
              )}
            </Flex>
            {values.length === 0 ? (
              <Typography.Text type="secondary">{t('filters.none')}</Typography.Text>
            ) : (
              <Flex wrap gap={6}>
                {values.map((v) => {
                  const on = v.value === chosen;
                  return (
                    <Tag.CheckableTag
                      key={v.value}
                      checked={on}
                      data-testid="facet-value"
                      data-value={v.value}
                      aria-pressed={on}
                      onChange={() => onChange(facet, on ? undefined : v.value)}
                      style={{ border: '1px solid #d9d9d9', marginInlineEnd: 0, padding: '2px 8px' }}
                    >
                      <Space size={4}>
                        <span>{label(facet, v.value, v.label)}</span>
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
export function ActiveFilters({
  filters,
  departmentLabels,
  onChange,
  onClear,
}: {
  filters: CaseFilters;
  departmentLabels: Record<string, string>;
  onChange: (facet: FacetFilter, value: string | undefined) => void;
  onClear: () => void;
}) {
  const { t } = useTranslation('cases');
  const label = useFacetLabel();
  const active = activeFilters(filters);
  if (active.length === 0) return null;
  return (
    <Flex wrap gap={6} align="center" data-testid="active-filters">
      {active.map(([facet, value]) => (
        <Tag
          key={facet}
          closable
          closeIcon={<CloseOutlined aria-label={t('filters.clear_one')} />}
          onClose={(e) => {
            e.preventDefault();
            onChange(facet, undefined);
          }}
        >
          {t('filters.chip', { facet: t(`filters.${facet}`), value: label(facet, value, departmentLabels[value]) })}
        </Tag>
      ))}
      <Button type="link" size="small" onClick={onClear}>
        {t('filters.clear')}
      </Button>
    </Flex>
  );
}
