import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Checkbox, Flex, Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { FIELD_KINDS } from '@/features/collections/api/types';
import type { FieldValue } from '@/features/collections/components/form-values';

const NEW_FIELD: FieldValue = { label: '', kind: 'text', required: true, options: [] };

/** 填报项: name, kind (文本/数字/日期/单选), 必填, and a choice's options; a Form.List at `spec.fields`. */
export function FieldsEditor() {
  const { t } = useTranslation(['collections', 'errors']);
  const form = Form.useFormInstance();
  return (
    <Form.List name={['spec', 'fields']}>
      {(fields, { add, remove }) => (
        <Form.Item label={t('form.fields')} style={{ marginBottom: 8 }}>
          {fields.map((field, i) => (
            <Flex key={field.key} gap={8} align="start" wrap data-testid="field-row">
              <Form.Item
                name={[field.name, 'label']}
                rules={[{ required: true, whitespace: true, message: t('errors:field.required') }]}
                style={{ flex: '1 1 160px', marginBottom: 8 }}
              >
                <Input placeholder={t('form.field_label')} aria-label={`${t('form.field_label')} ${i + 1}`} maxLength={100} />
              </Form.Item>
              <Form.Item name={[field.name, 'kind']} style={{ width: 100, marginBottom: 8 }}>
                <Select
                  aria-label={`${t('form.field_kind')} ${i + 1}`}
                  options={FIELD_KINDS.map((k) => ({ value: k, label: t(`form.field_kinds.${k}`) }))}
                />
              </Form.Item>
              <Form.Item name={[field.name, 'required']} valuePropName="checked" style={{ marginBottom: 8, paddingTop: 4 }}>
                <Checkbox>{t('form.field_required')}</Checkbox>
              </Form.Item>
              <Form.Item noStyle shouldUpdate>
                {() =>
                  form.getFieldValue(['spec', 'fields', field.name, 'kind']) === 'choice' ? (
                    <Form.Item
                      name={[field.name, 'options']}
                      rules={[{ required: true, type: 'array', min: 1, message: t('errors:field.required') }]}
                      style={{ flex: '1 1 200px', marginBottom: 8 }}
                    >
                      <Select
                        mode="tags"
                        open={false}
                        tokenSeparators={[',', '，']}
                        aria-label={`${t('form.field_options')} ${i + 1}`}
                        placeholder={t('form.field_options_placeholder')}
                      />
                    </Form.Item>
                  ) : null
                }
              </Form.Item>
              <Button icon={<DeleteOutlined />} aria-label={`${t('form.field_remove')} ${i + 1}`} onClick={() => remove(field.name)} />
            </Flex>
          ))}
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ ...NEW_FIELD })}>
            {t('form.field_add')}
          </Button>
        </Form.Item>
      )}
    </Form.List>
  );
}
