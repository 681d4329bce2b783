import { CheckCircleOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TaskDto } from '@/features/cases/api/types';
import { CompleteTaskModal, completesWithSummary } from '@/features/cases/components/complete-task-modal';

/** 完成任务 on a top-level task's page, for whoever runs it while it is open. */
export function CompleteTaskButton({ task }: { task: TaskDto }) {
  const { t } = useTranslation('cases');
  const [open, setOpen] = useState(false);
  if (!completesWithSummary(task)) return null;
  return (
    <>
      <Button icon={<CheckCircleOutlined />} onClick={() => setOpen(true)}>
        {t('complete.button')}
      </Button>
      <CompleteTaskModal task={task} open={open} onClose={() => setOpen(false)} />
    </>
  );
}
