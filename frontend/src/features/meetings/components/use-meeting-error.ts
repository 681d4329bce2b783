import type { FormInstance } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { asApiError } from '@/lib/api/api-error';
import { peopleNamed, useErrorMessage } from '@/lib/error-message';

/**
 * Meeting form errors in the UI language: field codes next to the fields, who cannot see the
 * task (the problem's `people`; the server's English detail is never shown), else the general message.
 * Returns the text for the form's alert.
 */
export function useMeetingFormError() {
  const { t } = useTranslation('meetings');
  const { message, applyToForm } = useErrorMessage();
  return useCallback(
    (form: FormInstance, err: unknown): string => {
      const e = asApiError(err);
      if (e.code === 'version_mismatch') return t('errors.conflict');
      const participants = e.fields['participant_ids'] ?? [];
      if (participants.includes('cannot_see_task')) {
        form.setFields([{ name: 'participant_ids', errors: [t('errors.cannot_see_task_field')] }]);
        const names = peopleNamed(e);
        return names ? t('errors.cannot_see_task', { names }) : t('errors.cannot_see_task_unnamed');
      }
      const leftovers = applyToForm(form, e);
      return [message(e), ...leftovers].join(' ');
    },
    [t, message, applyToForm],
  );
}
