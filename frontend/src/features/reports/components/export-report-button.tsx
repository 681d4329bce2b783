import { DownloadOutlined } from '@ant-design/icons';
import { Button, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ReportFilters } from '@/features/reports/api/get-efficiency-report';

/**
 * 导出 Excel: the report with the filters on screen, as a spreadsheet. The export endpoint is not
 * in the API yet, so for now the button is disabled and says it is coming.
 */
export type ExportReportButtonProps = { filters: ReportFilters };

// `_props.filters` are the ones the download will use once the export exists.
export function ExportReportButton(_props: ExportReportButtonProps) {
  const { t } = useTranslation('reports');
  return (
    <Tooltip title={t('export.coming_soon')}>
      {/* A disabled button gets no pointer events: the span lets the tooltip show. */}
      <span style={{ display: 'inline-block' }}>
        <Button icon={<DownloadOutlined />} disabled>
          {t('export.button')}
        </Button>
      </span>
    </Tooltip>
  );
}
