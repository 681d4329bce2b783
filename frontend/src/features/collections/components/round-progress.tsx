import { Flex, Progress, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RoundCountsDto, RoundDto } from '@/features/collections/api/types';

/** Handed in (submitted or accepted), and overdue: not handed in once the deadline passed. */
export function roundFigures(round: Pick<RoundDto, 'due_at'>, c: RoundCountsDto, now = Date.now()) {
  const handed = c.submitted + c.accepted;
  const overdue = now > Date.parse(round.due_at) ? c.pending + c.returned : 0;
  return { handed, overdue, total: c.total };
}

/** 已交 x/y，逾期 z over a bar: accepted in green, handed in but not yet accepted in blue. */
export function RoundProgress({ round, counts }: { round: Pick<RoundDto, 'due_at'>; counts: RoundCountsDto }) {
  const { t } = useTranslation('collections');
  const { handed, overdue, total } = roundFigures(round, counts);
  const pct = (n: number) => (total > 0 ? Math.round((n * 100) / total) : 0);
  return (
    <Flex vertical style={{ minWidth: 180 }} data-testid="round-progress">
      <Progress
        size="small"
        percent={pct(handed)}
        success={{ percent: pct(counts.accepted) }}
        showInfo={false}
      />
      <Typography.Text type={overdue > 0 ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
        {t('round.summary', { handed, total, overdue })}
      </Typography.Text>
    </Flex>
  );
}
