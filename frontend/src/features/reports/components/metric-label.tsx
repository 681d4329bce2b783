import { QuestionCircleOutlined } from '@ant-design/icons';
import { Space, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DepartmentFigures } from '@/features/reports/api/get-efficiency-report';

/** The figures of a department that have a name and a definition. */
export type Metric = Exclude<keyof DepartmentFigures, 'department_id' | 'department_name'>;

/** A figure's name with its definition (from the API's docs) in a tooltip. */
export function MetricLabel({ metric }: { metric: Metric }) {
  const { t } = useTranslation('reports');
  const name = t(`metrics.${metric}`);
  return (
    <Space size={4}>
      {name}
      <Tooltip title={t(`help.${metric}`)}>
        <QuestionCircleOutlined aria-label={t(`help.${metric}`)} style={{ color: 'rgba(0, 0, 0, 0.45)', cursor: 'help' }} />
      </Tooltip>
    </Space>
  );
}
