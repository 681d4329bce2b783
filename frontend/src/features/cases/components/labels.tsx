import { Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CaseOutcome } from '@/features/cases/api/types';
import { formatNumber } from '@/lib/format';

/** `2026-Q4` as 2026 年第 4 季度 / Q4 2026; anything else as it is. */
export function useQuarterLabel() {
  const { t } = useTranslation('cases');
  return (quarter: string) => {
    const m = /^(\d{4})-Q([1-4])$/.exec(quarter);
    return m ? t('quarter', { year: m[1], q: m[2] }) : quarter;
  };
}

/** Days against the deadline, one decimal: 延期 1.3 天 / 提前 2 天 / 按截止日期完成. */
export function useDaysLabel() {
  const { t, i18n } = useTranslation('cases');
  const lng = i18n.resolvedLanguage ?? 'zh-CN';
  return (daysLate: number) => {
    const days = formatNumber(Math.round(Math.abs(daysLate) * 10) / 10, lng);
    if (daysLate > 0) return t('days.late', { days });
    if (daysLate < 0) return t('days.early', { days });
    return t('days.exact');
  };
}

/** 按时完成 / 延期完成, with the days gained or lost when known. */
export function OutcomeTag({ outcome, daysLate }: { outcome: CaseOutcome | null | undefined; daysLate?: number | null }) {
  const { t } = useTranslation('cases');
  const days = useDaysLabel();
  if (!outcome && (daysLate === null || daysLate === undefined)) return null;
  return (
    <Space size={4} wrap data-testid="case-outcome">
      {outcome && <Tag color={outcome === 'on_time' ? 'success' : 'error'}>{t(`outcome.${outcome}`)}</Tag>}
      {daysLate !== null && daysLate !== undefined && (
        <Typography.Text type={daysLate > 0 ? 'danger' : 'success'}>{days(daysLate)}</Typography.Text>
      )}
    </Space>
  );
}

/** The case's tags as antd tags (or 没有标签). */
export function CaseTags({ tags, emptyText = true }: { tags: string[]; emptyText?: boolean }) {
  const { t } = useTranslation('cases');
  if (tags.length === 0) return emptyText ? <Typography.Text type="secondary">{t('tags.none')}</Typography.Text> : null;
  return (
    <Space size={[0, 4]} wrap data-testid="case-tags">
      {tags.map((tag) => (
        <Tag key={tag} color="blue" bordered={false}>
          {tag}
        </Tag>
      ))}
    </Space>
  );
}
