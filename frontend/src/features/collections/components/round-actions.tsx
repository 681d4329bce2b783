import { DownloadOutlined } from '@ant-design/icons';
import { App, Button, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { AsyncPopconfirm } from '@/components/ui/async-popconfirm';
import { useDownload, type Download } from '@/features/collections/api/downloads';
import { useSetRoundOpen } from '@/features/collections/api/round-state';
import type { RoundDto } from '@/features/collections/api/types';
import { useErrorMessage } from '@/lib/error-message';

/** The collector's buttons for a round: 下载全部文件 (zip), 导出填报数据 (xlsx), 关闭本轮 / 重新开放. */
export function RoundActions({ taskId, round }: { taskId: string; round: RoundDto }) {
  const { t } = useTranslation(['collections', 'common']);
  const { message: notify } = App.useApp();
  const { message } = useErrorMessage();
  const archive = useDownload();
  const answers = useDownload();
  const setOpen = useSetRoundOpen(taskId);
  const save = (mutation: typeof archive, d: Download) =>
    mutation.mutate(d, { onError: (err) => void notify.error(t('round.download_failed', { error: message(err) })) });

  return (
    <Space wrap data-testid="round-actions">
      <Button icon={<DownloadOutlined />} loading={archive.isPending} onClick={() => save(archive, { kind: 'archive', roundId: round.id })}>
        {t('round.download_all')}
      </Button>
      <Button icon={<DownloadOutlined />} loading={answers.isPending} onClick={() => save(answers, { kind: 'answers', roundId: round.id })}>
        {t('round.export_answers')}
      </Button>
      {round.state === 'open' ? (
        <AsyncPopconfirm
          title={t('round.close_confirm')}
          okText={t('common:actions.confirm')}
          cancelText={t('common:actions.cancel')}
          onConfirm={() =>
            setOpen.mutateAsync({ roundId: round.id, open: false }).then(
              () => void notify.success(t('round.closed_done')),
              (err: unknown) => void notify.error(message(err)),
            )
          }
        >
          <Button>{t('round.close')}</Button>
        </AsyncPopconfirm>
      ) : (
        <Button
          loading={setOpen.isPending}
          onClick={() =>
            setOpen.mutate(
              { roundId: round.id, open: true },
              {
                onSuccess: () => void notify.success(t('round.reopened_done')),
                onError: (err) => void notify.error(message(err)),
              },
            )
          }
        >
          {t('round.reopen')}
        </Button>
      )}
    </Space>
  );
}
