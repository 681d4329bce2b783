import dayjs, { type Dayjs } from 'dayjs';
import type { Currency, RequestForm, RequestLine, ResourceKind } from '@/features/approvals/api/types';

/** One line of the request form as the editor holds it. */
export type LineValues = {
  kind: ResourceKind;
  description?: string;
  amount?: string;
  currency?: Currency;
  people?: number | null;
  days?: number | null;
  quantity?: number | null;
};

/** The request form as the editor holds it. */
export type RequestValues = {
  lines: LineValues[];
  department_ids?: string[];
  justification?: string;
  needed_by?: Dayjs | null;
};

/** Digits after the decimal mark each currency allows (the API's rule: JPY has none). */
export const MINOR_DIGITS: Record<Currency, number> = { CNY: 2, USD: 2, EUR: 2, HKD: 2, JPY: 0 };

export const NEW_LINE: LineValues = { kind: 'budget', currency: 'CNY' };

/**
 * What is wrong with an amount as typed, as the API's field code (`decimal`, `positive`,
 * `precision`), or null. Checked on the string: amounts are never turned into JS numbers.
 */
export function amountProblem(text: string, currency: Currency | undefined): 'decimal' | 'positive' | 'precision' | null {
  const s = text.trim();
  if (!/^[0-9]+(\.[0-9]+)?$/.test(s)) return 'decimal';
  if (!/[1-9]/.test(s)) return 'positive';
  const fraction = s.split('.')[1] ?? '';
  if (currency && fraction.length > MINOR_DIGITS[currency]) return 'precision';
  return null;
}

/** A saved form in the editor. */
export function formToValues(form: RequestForm): RequestValues {
  return {
    lines: form.lines.map((l) => ({
      kind: l.kind,
      description: l.description,
      amount: l.amount ?? undefined,
      currency: l.currency ?? (l.kind === 'budget' ? 'CNY' : undefined),
      people: l.people ?? null,
      days: l.days ?? null,
      quantity: l.quantity ?? null,
    })),
    department_ids: form.department_ids ?? [],
    justification: form.justification,
    needed_by: form.needed_by ? dayjs(form.needed_by) : null,
  };
}

/** Only the fields the line's kind has: a budget line with people, say, is refused by the API. */
function lineBody(l: LineValues): RequestLine {
  const base = { kind: l.kind, description: (l.description ?? '').trim() };
  switch (l.kind) {
    case 'budget':
      return { ...base, amount: (l.amount ?? '').trim(), currency: l.currency ?? null };
    case 'people_days':
      return { ...base, people: l.people ?? null, days: l.days ?? null };
    case 'equipment':
      return l.quantity ? { ...base, quantity: l.quantity } : base;
    default:
      return base;
  }
}

/** The editor's values as the API's RequestForm. */
export function valuesToForm(v: RequestValues): RequestForm {
  return {
    lines: v.lines.map(lineBody),
    department_ids: v.department_ids ?? [],
    justification: (v.justification ?? '').trim(),
    needed_by: v.needed_by ? v.needed_by.format('YYYY-MM-DD') : null,
  };
}
