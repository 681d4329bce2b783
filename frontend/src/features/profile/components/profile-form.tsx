import { Alert, App, Button, Card, Form, Input, Select } from 'antd';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useUpdateMe } from '@/features/profile/api/update-me';
import { asApiError } from '@/lib/api/api-error';
import type { Me } from '@/lib/auth/current-user';
import { useErrorMessage } from '@/lib/error-message';
import { LANGUAGES } from '@/lib/i18n';

type Values = { name: string; mobile: string; locale: Me['locale']; time_zone: string };

function timeZones(current: string): string[] {
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return all.includes(current) ? all : [current, ...all];
}

export function ProfileForm({ me }: { me: Me }) {
  const { t } = useTranslation(['profile', 'common', 'errors']);
  const { message: notify } = App.useApp();
  const [form] = Form.useForm<Values>();
  const update = useUpdateMe();
  const { message, applyToForm } = useErrorMessage();
  const zones = useMemo(() => timeZones(me.time_zone).map((z) => ({ value: z, label: z })), [me.time_zone]);

  useEffect(() => {
    form.setFieldsValue({ name: me.name, mobile: me.mobile ?? '', locale: me.locale, time_zone: me.time_zone });
  }, [form, me]);

  const submit = (v: Values) => {
    const mobile = v.mobile.trim();
    update.mutate(
      {
        version: me.version,
        body: { name: v.name.trim(), mobile: mobile === '' ? null : mobile, locale: v.locale, time_zone: v.time_zone },
      },
      { onSuccess: () => void notify.success(t('edit.saved')), onError: (err) => applyToForm(form, err) },
    );
  };

  return (
    <Card title={t('edit.title')}>
      {update.error && <Alert type="error" showIcon style={{ marginBottom: 16 }} message={message(asApiError(update.error))} />}
      <Form form={form} name="profile" layout="vertical" onFinish={submit}>
        <Form.Item name="name" label={t('edit.name')} rules={[{ required: true, whitespace: true, message: t('errors:field.required') }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="mobile" label={t('edit.mobile')}>
          <Input maxLength={32} />
        </Form.Item>
        <Form.Item name="locale" label={t('edit.locale')}>
          <Select options={LANGUAGES.map((l) => ({ value: l, label: t(`common:language.${l}`) }))} />
        </Form.Item>
        <Form.Item name="time_zone" label={t('edit.time_zone')}>
          <Select showSearch options={zones} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={update.isPending}>
          {t('common:actions.save')}
        </Button>
      </Form>
    </Card>
  );
}
