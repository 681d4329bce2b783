import type { FormInstance } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { asApiError, type ApiError } from '@/lib/api/api-error';
import zhErrors from '@/locales/zh-CN/errors.json';

type MessageCode = Exclude<keyof typeof zhErrors, 'field'>;
type FieldCode = keyof (typeof zhErrors)['field'];

function messageCode(err: ApiError): MessageCode {
  return err.code in zhErrors && (err.code as string) !== 'field' ? err.code : 'unknown';
}

function fieldCode(code: string): FieldCode {
  return code in zhErrors.field ? (code as FieldCode) : 'invalid';
}

/** A field name as the API writes it (`steps[1].approvers[0]`) as antd's name path. */
export function fieldPath(name: string): (string | number)[] {
  return name
    .split(/[.[\]]+/)
    .filter(Boolean)
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/**
 * Translates errors: `errors:<code>` for the whole error and `errors:field.<code>` for each
 * field message. The server's English `detail` is never shown.
 */
export function useErrorMessage() {
  const { t } = useTranslation('errors');
  const message = useCallback((err: unknown) => t(messageCode(asApiError(err))), [t]);
  const fieldMessage = useCallback((code: string) => t(`field.${fieldCode(code)}`), [t]);

  /**
   * Puts field errors next to the form's fields (`lines[2].amount` on the field named
   * `['lines', 2, 'amount']` of a Form.List). Returns messages for fields the form does not
   * have, so the caller can show them with the general error.
   */
  const applyToForm = useCallback(
    (form: FormInstance, err: unknown): string[] => {
      const apiError = asApiError(err);
      const registered = new Set(form.getFieldsError().map((f) => f.name.join('.')));
      const leftovers: string[] = [];
      const fields = Object.entries(apiError.fields).flatMap(([name, codes]) => {
        const errors = codes.map(fieldMessage);
        const path = fieldPath(name);
        if (registered.has(path.join('.'))) return [{ name: path, errors }];
        leftovers.push(...errors.map((e) => `${name}: ${e}`));
        return [];
      });
      if (fields.length > 0) form.setFields(fields);
      return leftovers;
    },
    [fieldMessage],
  );

  return { message, fieldMessage, applyToForm };
}

/** The people an error names (`people` of the problem), as a Chinese list: "张三、李四". */
export function peopleNamed(err: ApiError): string | null {
  return err.people.length > 0 ? err.people.map((p) => p.name).join('、') : null;
}
