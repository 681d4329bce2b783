import { Button, Checkbox, Flex, Form, Popover, Segmented, Tooltip } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DepartmentSelect, departmentOptionsQuery } from '@/components/ui/department-select';
import { UserPicker, userSearchQuery } from '@/components/ui/user-picker';
import type { MentionDto } from '@/features/comments/api/list-comments';

type Kind = MentionDto['type'];

/**
 * The "@ 提及" button: pick a person (searched) or a department (optionally all its members).
 * Mentions are sent by id, never parsed from the text.
 */
export function MentionPicker({ onPick, disabled }: { onPick: (m: MentionDto) => void; disabled?: boolean }) {
  const { t } = useTranslation('comments');
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState<Kind>('user');
  const [userId, setUserId] = useState<string | undefined>();
  const [departmentId, setDepartmentId] = useState<string | undefined>();
  const [allMembers, setAllMembers] = useState(false);
  // The same queries the pickers use (cached), to name what was picked.
  const users = useQuery({ ...userSearchQuery(''), enabled: open });
  const departments = useQuery({ ...departmentOptionsQuery(), enabled: open });
  const [userName, setUserName] = useState('');

  const reset = () => {
    setUserId(undefined);
    setDepartmentId(undefined);
    setAllMembers(false);
    setUserName('');
  };

  const add = () => {
    if (kind === 'user' && userId) {
      const name = userName || users.data?.items.find((u) => u.id === userId)?.name || '';
      onPick({ type: 'user', id: userId, name, all_members: false });
    } else if (kind === 'department' && departmentId) {
      const name = departments.data?.find((d) => d.id === departmentId)?.name ?? '';
      onPick({ type: 'department', id: departmentId, name, all_members: allMembers });
    } else {
      return;
    }
    reset();
    setOpen(false);
  };

  const content = (
    <Form layout="vertical" style={{ width: 280 }} component="div">
      <Segmented<Kind>
        block
        value={kind}
        onChange={setKind}
        options={[
          { value: 'user', label: t('mention.user') },
          { value: 'department', label: t('mention.department') },
        ]}
        style={{ marginBottom: 12 }}
      />
      {kind === 'user' ? (
        <Form.Item label={t('mention.user_label')} htmlFor="mention-user" style={{ marginBottom: 12 }}>
          <UserPicker
            id="mention-user"
            value={userId}
            placeholder={t('mention.user_placeholder')}
            onChange={(v, option) => {
              setUserId(typeof v === 'string' ? v : undefined);
              // The option label is "name（department）"; the mention shows the name only.
              const label = Array.isArray(option) ? undefined : (option as { label?: unknown } | undefined)?.label;
              setUserName(typeof label === 'string' ? label.replace(/（.*）$/, '') : '');
            }}
          />
        </Form.Item>
      ) : (
        <>
          <Form.Item label={t('mention.department_label')} htmlFor="mention-department" style={{ marginBottom: 8 }}>
            <DepartmentSelect
              id="mention-department"
              value={departmentId}
              placeholder={t('mention.department_placeholder')}
              onChange={(v) => setDepartmentId(v)}
            />
          </Form.Item>
          <Tooltip title={t('mention.all_members_hint')}>
            <Checkbox checked={allMembers} onChange={(e) => setAllMembers(e.target.checked)} style={{ marginBottom: 12 }}>
              {t('mention.all_members')}
            </Checkbox>
          </Tooltip>
        </>
      )}
      <Flex justify="end">
        <Button type="primary" size="small" disabled={kind === 'user' ? !userId : !departmentId} onClick={add}>
          {t('mention.add')}
        </Button>
      </Flex>
    </Form>
  );

  return (
    <Popover
      trigger="click"
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        if (!o) reset();
      }}
      title={t('mention.title')}
      content={content}
      destroyOnHidden
    >
      <Button size="small" disabled={disabled}>
        {t('mention.button')}
      </Button>
    </Popover>
  );
}
