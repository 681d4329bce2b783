import { Flex, Radio, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { DepartmentSelect } from '@/components/ui/department-select';
import { UserPicker } from '@/components/ui/user-picker';
import type { FileAccessLevel, FileAccessRequest, FileDto } from '@/features/files/api/list-files';

export const ACCESS_LEVELS: FileAccessLevel[] = ['collaborators', 'owners_edit', 'company_public', 'restricted'];

const LEVEL_COLORS: Record<FileAccessLevel, string> = {
  collaborators: 'blue',
  owners_edit: 'gold',
  company_public: 'green',
  restricted: 'purple',
};

/** What a form sends: departments and people only for 指定范围 (the server refuses them otherwise). */
export function accessRequest(value: FileAccessRequest | undefined): FileAccessRequest {
  const level = value?.level ?? 'collaborators';
  return level === 'restricted'
    ? { level, department_ids: value?.department_ids ?? [], user_ids: value?.user_ids ?? [] }
    : { level, department_ids: [], user_ids: [] };
}

/** A file's access as the selector's value. */
export function accessValue(access: FileDto['access']): FileAccessRequest {
  return {
    level: access.level,
    department_ids: access.departments.map((d) => d.id),
    user_ids: access.people.map((p) => p.id),
  };
}

/** For Form.Item rules: 指定范围 names at least one department or person. */
export function useAccessRule() {
  const { t } = useTranslation('files');
  return {
    validator: (_: unknown, value: FileAccessRequest | undefined) =>
      value?.level === 'restricted' && !value.department_ids?.length && !value.user_ids?.length
        ? Promise.reject(new Error(t('access.restricted_empty')))
        : Promise.resolve(),
  };
}

/**
 * Who may see a file: 仅协作成员可见 / 仅负责人可编辑 / 企业内公开 / 指定范围, and for 指定范围 the
 * departments (whose heads see it) and people. A form control: `value` and `onChange`.
 */
export function AccessSelector({
  value,
  onChange,
  knownPeople,
}: {
  value?: FileAccessRequest;
  onChange?: (value: FileAccessRequest) => void;
  /** People already named, so their names show before any search. */
  knownPeople?: FileDto['access']['people'];
}) {
  const { t } = useTranslation('files');
  const current = accessRequest(value);
  const set = (patch: Partial<FileAccessRequest>) =>
    onChange?.({
      level: current.level,
      department_ids: value?.department_ids ?? [],
      user_ids: value?.user_ids ?? [],
      ...patch,
    });
  return (
    <Flex vertical gap={8} data-testid="access-selector">
      <Radio.Group value={current.level} onChange={(e) => set({ level: e.target.value as FileAccessLevel })}>
        <Flex vertical gap={4}>
          {ACCESS_LEVELS.map((level) => (
            <Radio key={level} value={level}>
              {t(`access.level.${level}`)}
              <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontSize: 12 }}>
                {t(`access.help.${level}`)}
              </Typography.Text>
            </Radio>
          ))}
        </Flex>
      </Radio.Group>
      {current.level === 'restricted' && (
        <Flex vertical gap={8} style={{ paddingInlineStart: 24 }}>
          <label htmlFor="file-access-departments">{t('access.departments')}</label>
          <DepartmentSelect
            id="file-access-departments"
            mode="multiple"
            placeholder={t('access.departments_placeholder')}
            // DepartmentSelect is typed for one id; with mode="multiple" it takes and gives a list.
            value={(value?.department_ids ?? []) as unknown as string}
            onChange={(ids: unknown) => set({ department_ids: Array.isArray(ids) ? (ids as string[]) : [] })}
          />
          <label htmlFor="file-access-people">{t('access.people')}</label>
          <UserPicker
            id="file-access-people"
            mode="multiple"
            placeholder={t('access.people_placeholder')}
            known={knownPeople}
            value={value?.user_ids ?? []}
            onChange={(ids) => set({ user_ids: Array.isArray(ids) ? ids : [] })}
          />
        </Flex>
      )}
    </Flex>
  );
}

/** The access level as a tag; for 指定范围 the named departments and people on hover. */
export function AccessTag({ access }: { access: FileDto['access'] }) {
  const { t } = useTranslation(['files', 'common']);
  const tag = (
    <Tag color={LEVEL_COLORS[access.level]} data-testid="file-access">
      {t(`access.level.${access.level}`)}
    </Tag>
  );
  const names = [...access.departments, ...access.people].map((x) => x.name);
  if (access.level !== 'restricted' || names.length === 0) return tag;
  return <Tooltip title={t('access.named', { names: names.join(t('common:list_sep')) })}>{tag}</Tooltip>;
}
