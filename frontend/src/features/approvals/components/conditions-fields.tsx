import { Flex, Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { DepartmentSelect } from '@/components/ui/department-select';
import type { Currency } from '@/features/approvals/api/types';
import { amountProblem } from '@/features/approvals/components/request-form-values';
import { currencyValues, resourceKindValues } from '@/lib/api/schema';
import { useErrorMessage } from '@/lib/error-message';

/**
 * The parts of a condition (a flow's, or a step's `when`): resource kinds, initiating departments,
 * and a budget threshold with its currency. `name`: where the condition sits relative to the
 * enclosing list (or form); `path`: the same from the form's root, for cross-field checks.
 */
export function ConditionsFields({
  name,
  path,
}: {
  name: (string | number)[];
  path: (string | number)[];
}) {
  const { t } = useTranslation(['approvals', 'errors']);
  const { fieldMessage } = useErrorMessage();

  return (
    <Flex gap={12} wrap>
      <Form.Item
        name={[...name, 'min_amount']}
        label={t('designer.min_amount')}
        dependencies={[[...path, 'currency']]}
        rules={[
          ({ getFieldValue }) => ({
            validator: (_: unknown, v?: string) => {
              if (!v?.trim()) return Promise.resolve();
              const problem = amountProblem(v, getFieldValue([...path, 'currency']) as Currency | undefined);
              return problem && problem !== 'positive' ? Promise.reject(new Error(fieldMessage(problem))) : Promise.resolve();
            },
          }),
        ]}
        style={{ width: 180 }}
      >
        <Input inputMode="decimal" placeholder="50000" />
      </Form.Item>
      <Form.Item
        name={[...name, 'currency']}
        label={t('designer.currency')}
        dependencies={[[...path, 'min_amount']]}
        rules={[
          ({ getFieldValue }) => ({
            validator: (_: unknown, v?: string) =>
              (getFieldValue([...path, 'min_amount']) as string | undefined)?.trim() && !v
                ? Promise.reject(new Error(t('errors:field.required')))
                : Promise.resolve(),
          }),
        ]}
        style={{ width: 150 }}
      >
        <Select allowClear options={currencyValues.map((c) => ({ value: c, label: t(`currencies.${c}`) }))} />
      </Form.Item>
      <Form.Item name={[...name, 'resource_kinds']} label={t('designer.resource_kinds')} style={{ minWidth: 220, flex: 1 }}>
        <Select
          mode="multiple"
          allowClear
          placeholder={t('designer.any')}
          options={resourceKindValues.map((k) => ({ value: k, label: t(`kinds.${k}`) }))}
        />
      </Form.Item>
      <Form.Item name={[...name, 'department_ids']} label={t('designer.departments')} style={{ minWidth: 220, flex: 1 }}>
        <DepartmentSelect mode="multiple" placeholder={t('designer.any')} />
      </Form.Item>
    </Flex>
  );
}
