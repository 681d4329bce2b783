import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Form } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { DepartmentSelect } from '@/components/ui/department-select';
import { UserPicker } from '@/components/ui/user-picker';
import type { CollectionValues } from '@/features/collections/components/form-values';

/**
 * 提交对象: departments (each answered by its heads unless people are named) and people who
 * hand in on their own. At least one of either.
 */
export function SubmittersFields() {
  const { t } = useTranslation(['collections', 'errors']);
  const form = Form.useFormInstance();
  const departments = Form.useWatch<CollectionValues['submitters']['departments']>(['submitters', 'departments']);
  // A department chosen answers "请至少选择一个部门或一个人" on 个人 (a list's rows are no dependency).
  useEffect(() => {
    if (form.getFieldError(['submitters', 'people']).length > 0) void form.validateFields([['submitters', 'people']]).catch(() => {});
  }, [form, departments]);
  return (
    <>
      <Form.List name={['submitters', 'departments']}>
        {(fields, { add, remove }, { errors }) => (
          <Form.Item label={t('form.departments')} style={{ marginBottom: 8 }}>
            {fields.map((field, i) => (
              <Flex key={field.key} gap={8} align="start" wrap data-testid="department-row">
                <Form.Item
                  name={[field.name, 'department_id']}
                  rules={[{ required: true, message: t('errors:field.required') }]}
                  style={{ flex: '1 1 160px', marginBottom: 8 }}
                >
                  <DepartmentSelect aria-label={`${t('form.department')} ${i + 1}`} placeholder={t('form.department')} />
                </Form.Item>
                <Form.Item name={[field.name, 'answerer_ids']} style={{ flex: '2 1 220px', marginBottom: 8 }}>
                  <UserPicker
                    mode="multiple"
                    aria-label={`${t('form.answerers')} ${i + 1}`}
                    placeholder={t('form.answerers_placeholder')}
                  />
                </Form.Item>
                <Button
                  icon={<DeleteOutlined />}
                  aria-label={`${t('form.department_remove')} ${i + 1}`}
                  onClick={() => remove(field.name)}
                />
              </Flex>
            ))}
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ department_id: undefined, answerer_ids: [] })}>
              {t('form.department_add')}
            </Button>
            <Form.ErrorList errors={errors} />
          </Form.Item>
        )}
      </Form.List>
      <Form.Item
        name={['submitters', 'people']}
        label={t('form.people')}
        rules={[
          ({ getFieldValue }) => ({
            validator: (_, people?: string[]) => {
              const departments = (getFieldValue(['submitters', 'departments']) ?? []) as NonNullable<
                CollectionValues['submitters']['departments']
              >;
              return departments.some((d) => d.department_id) || (people?.length ?? 0) > 0
                ? Promise.resolve()
                : Promise.reject(new Error(t('form.nobody')));
            },
          }),
        ]}
      >
        <UserPicker mode="multiple" placeholder={t('form.people_placeholder')} />
      </Form.Item>
    </>
  );
}
