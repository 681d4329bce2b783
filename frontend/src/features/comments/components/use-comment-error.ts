import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { asApiError } from '@/lib/api/api-error';
import { peopleNamed, useErrorMessage } from '@/lib/error-message';

/**
 * A comment error in Chinese: who cannot see the task (the problem's `people`), field
 * codes, or the general message. The server's English text itself is never shown.
 */
export function useCommentError() {
  const { t } = useTranslation('comments');
  const { message, fieldMessage } = useErrorMessage();
  return useCallback(
    (err: unknown): string => {
      const e = asApiError(err);
      if (e.code === 'version_mismatch') return t('edit_conflict');
      const mentions = e.fields['mentions'] ?? [];
      if (mentions.includes('cannot_see_task')) {
        const names = peopleNamed(e);
        return names ? t('cannot_see_task', { names }) : t('cannot_see_task_unnamed');
      }
      const fields = Object.values(e.fields).flat();
      if (fields.length > 0) return `${message(e)}${fields.map(fieldMessage).join('；')}`;
      return message(e);
    },
    [t, message, fieldMessage],
  );
}
