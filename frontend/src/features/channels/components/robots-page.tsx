import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AsyncPopconfirm } from '@/components/ui/async-popconfirm';
import { LoadMore } from '@/components/ui/load-more';
import { Link } from 'react-router';
import { departmentOptionsQuery } from '@/components/ui/department-select';
import { taskPath } from '@/config/paths';
import { useDeleteRobot } from '@/features/channels/api/delete-robot';
import { useRobots, type RobotDto } from '@/features/channels/api/list-robots';
import { useTestRobot } from '@/features/channels/api/test-robot';
import { useUpdateRobot } from '@/features/channels/api/update-robot';
import { RobotFormModal } from '@/features/channels/components/robot-form-modal';
import { useCanManageRobots } from '@/features/channels/hooks/use-can-manage-robots';
import { asApiError } from '@/lib/api/api-error';
import { useErrorMessage } from '@/lib/error-message';

/** 群机器人: the DingTalk / WeCom / Feishu robots of the departments the user manages. */
export function RobotsPage() {
  const { t } = useTranslation(['channels', 'common']);
  const { message: notify, notification } = App.useApp();
  const { message } = useErrorMessage();
  const robots = useRobots();
  const departments = useQuery(departmentOptionsQuery());
  const { departmentIds } = useCanManageRobots();
  const update = useUpdateRobot();
  const remove = useDeleteRobot();
  const test = useTestRobot();
  // undefined: closed; null: adding a robot.
  const [editing, setEditing] = useState<RobotDto | null | undefined>(undefined);

  const departmentName = (id: string) => departments.data?.find((d) => d.id === id)?.name ?? t('common:empty');

  const sendTest = (robot: RobotDto) =>
    test.mutate(robot.id, {
      onSuccess: () => void notify.success(t('robots.test_sent')),
      onError: (err) => {
        const e = asApiError(err);
        // The platform's answer (e.g. "errcode 310000: sign not match") is what the admin needs to fix it.
        notification.error({
          message: message(e),
          description: e.code === 'delivery_failed' && e.message ? t('robots.test_failed_detail', { detail: e.message }) : undefined,
          duration: 0,
        });
      },
    });

  const setActive = (robot: RobotDto, on: boolean) =>
    update.mutate(
      { id: robot.id, version: robot.version, body: { is_active: on } },
      {
        onSuccess: () => void notify.success(on ? t('robots.activated') : t('robots.deactivated')),
        onError: (err) => void notify.error(message(err)),
      },
    );

  const columns = [
    { title: t('robots.columns.name'), dataIndex: 'name', key: 'name' },
    {
      title: t('robots.columns.platform'),
      dataIndex: 'platform',
      key: 'platform',
      render: (p: RobotDto['platform']) => <Tag>{t(`platforms.${p}`)}</Tag>,
    },
    {
      title: t('robots.columns.target'),
      key: 'target',
      render: (_: unknown, r: RobotDto) =>
        r.task_id ? (
          <Link to={taskPath(r.task_id)}>{t('robots.task_target')}</Link>
        ) : r.department_id ? (
          departmentName(r.department_id)
        ) : (
          t('common:empty')
        ),
    },
    {
      title: t('robots.columns.url_host'),
      dataIndex: 'url_host',
      key: 'url_host',
      render: (host: string) => <Typography.Text code>{host}</Typography.Text>,
    },
    {
      title: t('robots.columns.secret'),
      key: 'secret',
      render: (_: unknown, r: RobotDto) =>
        r.has_secret ? <Tag color="green">{t('robots.has_secret')}</Tag> : <Tag>{t('robots.no_secret')}</Tag>,
    },
    {
      title: t('robots.columns.active'),
      key: 'active',
      render: (_: unknown, r: RobotDto) => (
        <Switch
          size="small"
          checked={r.is_active}
          aria-label={`${t('robots.columns.active')} ${r.name}`}
          loading={update.isPending && update.variables?.id === r.id}
          onChange={(on) => setActive(r, on)}
        />
      ),
    },
    {
      title: t('robots.columns.actions'),
      key: 'actions',
      render: (_: unknown, r: RobotDto) => (
        <Space size="small" wrap>
          <Button size="small" onClick={() => sendTest(r)} loading={test.isPending && test.variables === r.id}>
            {t('robots.test')}
          </Button>
          <Button size="small" onClick={() => setEditing(r)}>
            {t('common:actions.edit')}
          </Button>
          <AsyncPopconfirm
            title={t('robots.delete_confirm', { name: r.name })}
            okText={t('common:actions.confirm')}
            cancelText={t('common:actions.cancel')}
            okButtonProps={{ danger: true }}
            onConfirm={() =>
              remove.mutateAsync(r.id).then(
                () => void notify.success(t('robots.deleted')),
                (err: unknown) => void notify.error(message(err)),
              )
            }
          >
            <Button size="small" danger>
              {t('robots.delete')}
            </Button>
          </AsyncPopconfirm>
        </Space>
      ),
    },
  ];

  return (
    <Card
      title={t('robots.title')}
      extra={
        <Button type="primary" onClick={() => setEditing(null)}>
          {t('robots.create')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('robots.description')}</Typography.Paragraph>
      {robots.error && <Alert type="error" showIcon message={message(robots.error)} style={{ marginBottom: 16 }} />}
      <Table<RobotDto>
        rowKey="id"
        size="middle"
        loading={robots.isLoading}
        dataSource={robots.data ?? []}
        columns={columns}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('robots.empty') }}
      />
      <LoadMore pages={robots} />
      <RobotFormModal
        open={editing !== undefined}
        robot={editing ?? null}
        departmentIds={departmentIds}
        onClose={() => setEditing(undefined)}
      />
    </Card>
  );
}
