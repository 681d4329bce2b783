import { describe, expect, it } from 'vitest';
import { formatDay, formatDecimal, formatMoney } from '@/lib/format';

describe('money', () => {
  it('groups the digits of an exact decimal string without turning it into a number', () => {
    expect(formatDecimal('50000.00', 'zh-CN')).toBe('50,000.00');
    expect(formatDecimal('1234567890123456789.01', 'en')).toBe('1,234,567,890,123,456,789.01');
    expect(formatDecimal('0.10', 'en')).toBe('0.10');
    expect(formatDecimal('999', 'en')).toBe('999');
    expect(formatDecimal('not a number', 'en')).toBe('not a number');
  });

  it('shows the currency sign of the language with the API’s digits', () => {
    expect(formatMoney({ amount: '50000.00', currency: 'CNY' }, 'zh-CN')).toBe('¥50,000.00');
    expect(formatMoney({ amount: '50000.00', currency: 'USD' }, 'en')).toBe('$50,000.00');
    expect(formatMoney({ amount: '1200', currency: 'JPY' }, 'en')).toBe('¥1,200');
    // More digits than the currency usually has are kept as sent.
    expect(formatMoney({ amount: '0.105', currency: 'EUR' }, 'en')).toBe('€0.105');
  });
});

describe('formatDay', () => {
  it('shows a plain date as that day whatever the time zone', () => {
    expect(formatDay('2026-12-10', 'zh-CN')).toBe('2026年12月10日');
    expect(formatDay('2026-12-10', 'en')).toBe('Dec 10, 2026');
    expect(formatDay(null, 'en')).toBe('');
  });
});
