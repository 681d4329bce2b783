import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { HelpStatus } from '@/features/help/api/types';

const COLORS: Record<HelpStatus, string> = { open: 'processing', answered: 'success', escalated: 'error' };

/** 待回复 / 已回复 / 已升级 */
export function HelpStatusTag({ status }: { status: HelpStatus }) {
  const { t } = useTranslation('help');
  return <Tag color={COLORS[status]}>{t(`status.${status}`)}</Tag>;
}
