import { App, Button, Flex, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCaseTags } from '@/features/cases/api/case-tags';
import { useSetTags } from '@/features/cases/api/set-tags';
import { useErrorMessage } from '@/lib/error-message';

const MAX_TAGS = 20;
const MAX_LENGTH = 30;

/**
 * 标签: a done task's or case's tags, typed or picked from the tags already in use
 * (GET /case-tags as one types), saved all at once.
 */
export function TagEditor({ taskId, tags, onSaved }: { taskId: string; tags: string[]; onSaved?: (tags: string[]) => void }) {
  const { t } = useTranslation('cases');
  const { message: notify } = App.useApp();
  const { message } = useErrorMessage();
  const [value, setValue] = useState<string[]>(tags);
  const [typed, setTyped] = useState('');
  const [focused, setFocused] = useState(false);
  const suggestions = useCaseTags(typed, focused);
  const save = useSetTags(taskId);
  const clean = [...new Set(value.map((v) => v.trim()).filter(Boolean))];
  const tooLong = clean.some((v) => [...v].length > MAX_LENGTH);
  const tooMany = clean.length > MAX_TAGS;
  const changed = clean.join('\u0000') !== tags.join('\u0000');

  return (
    <Space.Compact style={{ width: '100%', maxWidth: 560 }} data-testid="tag-editor">
      <Select
        mode="tags"
        aria-label={t('tags.label')}
        style={{ flex: 1, minWidth: 0 }}
        value={value}
        placeholder={t('tags.placeholder')}
        onChange={(v: string[]) => setValue(v)}
        onSearch={setTyped}
        onFocus={() => setFocused(true)}
        tokenSeparators={[',', '，']}
        status={tooLong || tooMany ? 'error' : undefined}
        notFoundContent={null}
        options={(suggestions.data ?? []).map((s) => ({
          value: s.value,
          label: (
            <Flex justify="space-between" gap={8}>
              <span>{s.label}</span>
              <Typography.Text type="secondary">{s.count}</Typography.Text>
            </Flex>
          ),
        }))}
        optionLabelProp="value"
      />
      <Button
        type="primary"
        disabled={!changed || tooLong || tooMany}
        loading={save.isPending}
        title={tooMany ? t('tags.too_many') : tooLong ? t('tags.too_long') : undefined}
        onClick={() =>
          save.mutate(clean, {
            onSuccess: (saved) => {
              setValue(saved);
              onSaved?.(saved);
              void notify.success(t('tags.saved'));
            },
            onError: (err) => void notify.error(message(err)),
          })
        }
      >
        {t('tags.save')}
      </Button>
    </Space.Compact>
  );
}
