import { Alert, App, Button, Form, Input, Modal, Select, Space, Switch, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useEffectEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { departmentOptionsQuery } from '@/components/ui/department-select';
import { useCreateRobot, type CreateRobotRequest } from '@/features/channels/api/create-robot';
import { ROBOT_PLATFORMS, type RobotDto, type RobotPlatform } from '@/features/channels/api/list-robots';
import { useUpdateRobot, type UpdateRobotRequest } from '@/features/channels/api/update-robot';
import { asApiError } from '@/lib/api/api-error';
import { useErrorMessage } from '@/lib/error-message';

type Values = {
  name: string;
  platform: RobotPlatform;
  department_id?: string;
  webhook_url?: string;
  secret?: string;
  is_active: boolean;
};

/**
 * Add a department robot (robot = null) or change one. The webhook URL and the secret are never
 * read back: on edit, leaving them empty keeps them, and 移除密钥 sends `secret: null`.
 */
export function RobotFormModal({
  open,
  robot,
  departmentIds,
  onClose,
}: {
  open: boolean;
  robot: RobotDto | null;
  /** The departments the user may add robots to (undefined: every department). */
  departmentIds: string[] | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation(['channels', 'common', 'errors']);
  const { message: notify } = App.useApp();
  const [form] = Form.useForm<Values>();
  const create = useCreateRobot();
  const update = useUpdateRobot();
  const departments = useQuery(departmentOptionsQuery());
  const { message, applyToForm } = useErrorMessage();
  const [removeSecret, setRemoveSecret] = useState(false);
  const mutation = robot ? update : create;
  const error = mutation.error ? asApiError(mutation.error) : null;
  const platform = Form.useWatch('platform', form);

  const departmentOptions = (departments.data ?? [])
    .filter((d) => departmentIds === undefined || departmentIds.includes(d.id))
    .map((d) => ({ value: d.id, label: d.name }));

  const reset = useEffectEvent(() => {
    create.reset();
    update.reset();
    setRemoveSecret(false);
    form.resetFields();
    form.setFieldsValue(
      robot
        ? { name: robot.name, platform: robot.platform, is_active: robot.is_active }
        : {
            platform: 'dingtalk',
            is_active: true,
            department_id: departmentIds?.length === 1 ? departmentIds[0] : undefined,
          },
    );
  });
  // Reset only when the modal opens (or switches robot).
  useEffect(() => {
    if (open) reset();
  }, [open, robot]);

  const submit = (v: Values) => {
    const onError = (err: unknown) => applyToForm(form, err);
    const secret = v.secret?.trim() ? v.secret.trim() : undefined;
    const url = v.webhook_url?.trim() ? v.webhook_url.trim() : undefined;
    if (robot) {
      const body: UpdateRobotRequest = {};
      if (v.name.trim() !== robot.name) body.name = v.name.trim();
      if (url) body.webhook_url = url;
      if (removeSecret) body.secret = null;
      else if (secret) body.secret = secret;
      if (v.is_active !== robot.is_active) body.is_active = v.is_active;
      update.mutate(
        { id: robot.id, version: robot.version, body },
        {
          onSuccess: () => {
            notify.success(t('robots.updated'));
            onClose();
          },
          onError,
        },
      );
    } else {
      const body: CreateRobotRequest = {
        name: v.name.trim(),
        platform: v.platform,
        webhook_url: url ?? '',
        secret: secret ?? null,
        department_id: v.department_id ?? null,
      };
      create.mutate(body, {
        onSuccess: () => {
          notify.success(t('robots.created'));
          onClose();
        },
        onError,
      });
    }
  };

  const required = { required: true, whitespace: true, message: t('errors:field.required') };

  return (
    <Modal
      open={open}
      title={robot ? t('robots.edit') : t('robots.create')}
      okText={t('common:actions.save')}
      cancelText={t('common:actions.cancel')}
      confirmLoading={mutation.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon message={message(error)} style={{ marginBottom: 16 }} />}
      <Form form={form} name="robot" layout="vertical" onFinish={submit}>
        <Form.Item name="name" label={t('robots.form.name')} rules={[required]}>
          <Input maxLength={100} placeholder={t('robots.form.name_placeholder')} />
        </Form.Item>
        <Form.Item name="platform" label={t('robots.form.platform')} rules={[{ required: true, message: t('errors:field.required') }]}>
          <Select
            disabled={!!robot}
            aria-label={t('robots.form.platform')}
            options={ROBOT_PLATFORMS.map((p) => ({ value: p, label: t(`platforms.${p}`) }))}
          />
        </Form.Item>
        {!robot && (
          <Form.Item
            name="department_id"
            label={t('robots.form.department')}
            rules={[{ required: true, message: t('errors:field.required') }]}
          >
            <Select
              showSearch
              optionFilterProp="label"
              aria-label={t('robots.form.department')}
              placeholder={t('robots.form.department_placeholder')}
              loading={departments.isLoading}
              options={departmentOptions}
            />
          </Form.Item>
        )}
        <Form.Item
          name="webhook_url"
          label={t('robots.form.webhook_url')}
          extra={robot ? t('robots.form.webhook_url_keep', { host: robot.url_host }) : t('robots.form.webhook_url_help')}
          rules={robot ? [] : [required]}
        >
          <Input maxLength={1000} autoComplete="off" placeholder="https://" />
        </Form.Item>
        {removeSecret ? (
          <Form.Item label={t('robots.form.secret')}>
            <Space wrap>
              <Typography.Text type="warning">{t('robots.form.secret_removed')}</Typography.Text>
              <Button size="small" onClick={() => setRemoveSecret(false)}>
                {t('robots.form.undo_remove_secret')}
              </Button>
            </Space>
          </Form.Item>
        ) : (
          <Form.Item label={t('robots.form.secret')} required={false}>
            <Space.Compact style={{ width: '100%' }}>
              <Form.Item name="secret" noStyle>
                <Input.Password
                  maxLength={200}
                  autoComplete="new-password"
                  aria-label={t('robots.form.secret')}
                  placeholder={robot?.has_secret ? t('robots.form.secret_keep') : platform === 'dingtalk' ? 'SEC…' : undefined}
                />
              </Form.Item>
              {robot?.has_secret && (
                <Button
                  danger
                  onClick={() => {
                    form.setFieldValue('secret', undefined);
                    setRemoveSecret(true);
                  }}
                >
                  {t('robots.form.remove_secret')}
                </Button>
              )}
            </Space.Compact>
            <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
              {t('robots.form.secret_help')}
            </Typography.Paragraph>
          </Form.Item>
        )}
        {robot && (
          <Form.Item name="is_active" label={t('robots.form.is_active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
