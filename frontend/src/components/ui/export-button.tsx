import { DownloadOutlined } from '@ant-design/icons';
import { Button, type ButtonProps } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ExportRequest } from '@/lib/exports/export-api';
import { useExport } from '@/lib/exports/use-export';

export type ExportButtonProps = Omit<ButtonProps, 'onClick' | 'loading' | 'children'> & {
  /** What to export, e.g. `{ kind: 'task_progress', task_id }`. */
  request: ExportRequest;
  /** The button's text; 导出 Excel by default. */
  label?: string;
};

/** A button that makes an Excel export, waits for it (loading) and saves the workbook. */
export function ExportButton({ request, label, ...button }: ExportButtonProps) {
  const { t } = useTranslation('exports');
  const { start, pending } = useExport();
  return (
    <Button icon={<DownloadOutlined />} {...button} loading={pending} onClick={() => void start(request)}>
      {label ?? t('button')}
    </Button>
  );
}
