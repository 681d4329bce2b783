import type { FormInstance } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { asApiError } from '@/lib/api/api-error';
import { useErrorMessage } from '@/lib/error-message';

/**
 * A file form's error in the UI language: field codes next to the form's fields (name, file,
 * access, …), a plain sentence for a conflict or a file too large, else the general message.
 * Returns the text for the form's alert; the server's English detail is never shown.
 */
export function useFileFormError() {
  const { t } = useTranslation('files');
  const { message, applyToForm } = useErrorMessage();
  return useCallback(
    (form: FormInstance, err: unknown): string => {
      const e = asApiError(err);
      if (e.code === 'version_mismatch') return t('edit.conflict');
      if (e.code === 'payload_too_large') return t('upload.too_large');
      return [message(e), ...applyToForm(form, e)].join(' ');
    },
    [t, message, applyToForm],
  );
}
