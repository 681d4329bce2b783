import { Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { DepartmentSelect } from '@/components/ui/department-select';
import { UserPicker } from '@/components/ui/user-picker';
import { RULE_KINDS } from '@/features/approvals/api/types';
import { NEW_RULE, type RuleValue } from '@/features/approvals/components/flow-values';
import { roleValues } from '@/lib/api/schema';

/**
 * One approver (or cc) rule as a form control: its kind, then the person, department or role the
 * kind needs. `names`: the names of people already named (a flow carries only their ids);
 * `onPicked` learns the name of a person picked.
 */
export function RuleInput({
  id,
  value,
  onChange,
  names,
  onPicked,
  label,
}: {
  id?: string;
  value?: RuleValue;
  onChange?: (v: RuleValue) => void;
  names: Record<string, string>;
  onPicked: (id: string, name: string) => void;
  /** What the rule is for, e.g. 第 1 步 审批人 2 (for screen readers). */
  label: string;
}) {
  const { t } = useTranslation(['approvals', 'common']);
  const v = value ?? NEW_RULE;
  const userName = v.user_id ? names[v.user_id] : undefined;
  const set = (next: RuleValue) => onChange?.(next);

  return (
    <Space.Compact style={{ width: '100%' }}>
      <Select
        id={id}
        aria-label={t('designer.rule_kind_of', { what: label })}
        value={v.kind}
        onChange={(kind) => set({ kind })}
        style={{ width: 220, flex: 'none' }}
        options={RULE_KINDS.map((k) => ({ value: k, label: t(`designer.rule_kinds.${k}`) }))}
      />
      {v.kind === 'user' && (
        <UserPicker
          aria-label={t('designer.rule_user_of', { what: label })}
          placeholder={t('designer.rule_user')}
          value={v.user_id}
          known={v.user_id && userName ? [{ id: v.user_id, name: userName }] : []}
          onChange={(userId, option) => {
            const picked = (Array.isArray(option) ? option[0] : option) as { label?: unknown } | undefined;
            if (typeof userId === 'string' && typeof picked?.label === 'string') onPicked(userId, picked.label);
            set({ kind: 'user', user_id: typeof userId === 'string' ? userId : undefined });
          }}
          style={{ flex: 1, minWidth: 180 }}
        />
      )}
      {v.kind === 'department_head' && (
        <DepartmentSelect
          aria-label={t('designer.rule_department_of', { what: label })}
          placeholder={t('designer.rule_department')}
          value={v.department_id}
          onChange={(departmentId: string | undefined) => set({ kind: 'department_head', department_id: departmentId })}
          style={{ flex: 1, minWidth: 180 }}
        />
      )}
      {v.kind === 'role' && (
        <Select
          aria-label={t('designer.rule_role_of', { what: label })}
          placeholder={t('designer.rule_role')}
          value={v.role}
          onChange={(role) => set({ kind: 'role', role })}
          options={roleValues.map((r) => ({ value: r, label: t(`common:role.${r}`) }))}
          style={{ flex: 1, minWidth: 160 }}
        />
      )}
    </Space.Compact>
  );
}
