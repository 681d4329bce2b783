import { ExportButton } from '@/components/ui/export-button';
import type { ReportFilters } from '@/features/reports/api/get-efficiency-report';

/** 导出 Excel: the efficiency report with the filters on screen (period, department, scenario), as a workbook. */
export type ExportReportButtonProps = { filters: ReportFilters };

export function ExportReportButton({ filters }: ExportReportButtonProps) {
  const { from, to, department_id, scenario } = filters;
  return <ExportButton request={{ kind: 'efficiency_report', from, to, department_id, scenario }} />;
}
