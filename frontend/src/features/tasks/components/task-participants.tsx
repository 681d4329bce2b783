import { Alert, App, Button, List, Space, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { AsyncPopconfirm } from '@/components/ui/async-popconfirm';
import { useParticipants, useRemoveParticipant } from '@/features/tasks/api/participants';
import type { TaskDto } from '@/features/tasks/api/types';
import type { components } from '@/lib/api/schema';
import { useErrorMessage } from '@/lib/error-message';

type ParticipantDto = components['schemas']['ParticipantDto'];

/** 参与人: who is named on the task and why; whoever may change the task removes people. */
export function TaskParticipants({ task }: { task: TaskDto }) {
  const { t } = useTranslation('tasks');
  const { message: notify } = App.useApp();
  const { message } = useErrorMessage();
  const participants = useParticipants(task.id);
  const remove = useRemoveParticipant();
  const editable = task.capabilities.can_edit;
  return (
    <>
      {participants.error && <Alert type="error" showIcon message={message(participants.error)} />}
      <List<ParticipantDto>
        size="small"
        loading={participants.isLoading}
        dataSource={participants.data?.items ?? []}
        locale={{ emptyText: t('participants.empty') }}
        rowKey={(p) => p.user.id}
        renderItem={(p) => {
          const isOwner = p.user.id === task.owner.id;
          return (
            <List.Item
              data-testid="participant"
              actions={
                editable
                  ? [
                      isOwner ? (
                        <Tooltip key="remove" title={t('participants.owner_stays')}>
                          <Button size="small" type="link" danger disabled>
                            {t('participants.remove')}
                          </Button>
                        </Tooltip>
                      ) : (
                        <AsyncPopconfirm
                          key="remove"
                          title={t('participants.remove_confirm', { name: p.user.name })}
                          overlayStyle={{ maxWidth: 360 }}
                          onConfirm={() =>
                            remove.mutateAsync({ taskId: task.id, userId: p.user.id }).then(
                              () => void notify.success(t('participants.removed', { name: p.user.name })),
                              (err: unknown) => void notify.error(message(err)),
                            )
                          }
                        >
                          <Button size="small" type="link" danger>
                            {t('participants.remove')}
                          </Button>
                        </AsyncPopconfirm>
                      ),
                    ]
                  : []
              }
            >
              <Space wrap>
                <Typography.Text strong>{p.user.name}</Typography.Text>
                {p.reasons.map((r) => (
                  <Tag key={r} color={r === 'owner' ? 'blue' : undefined}>
                    {t(`participants.reasons.${r}`)}
                  </Tag>
                ))}
              </Space>
            </List.Item>
          );
        }}
      />
    </>
  );
}
