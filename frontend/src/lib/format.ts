/** Dates via Intl in the UI language; API timestamps are RFC 3339 UTC. */
export function formatDateTime(iso: string | null | undefined, language: string, timeZone?: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  try {
    return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(d);
  } catch {
    // Unknown time zone: fall back to the browser's.
    return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(d);
  }
}

export function formatNumber(n: number, language: string): string {
  return new Intl.NumberFormat(language).format(n);
}

/** A size in bytes as B, KB or MB with one decimal (1 KB = 1024 B). */
export function formatBytes(bytes: number, language: string): string {
  if (bytes < 1024) return `${formatNumber(bytes, language)} B`;
  if (bytes < 1024 * 1024) return `${formatNumber(Math.round(bytes / 102.4) / 10, language)} KB`;
  return `${formatNumber(Math.round(bytes / (1024 * 102.4)) / 10, language)} MB`;
}

/** A day (no time), e.g. 2026年12月31日, in the user's time zone. */
export function formatDate(iso: string | null | undefined, language: string, timeZone?: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  try {
    return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeZone }).format(d);
  } catch {
    return new Intl.DateTimeFormat(language, { dateStyle: 'medium' }).format(d);
  }
}

/** A calendar day without a time (`2026-12-10`, e.g. a needed-by date), the same day everywhere. */
export function formatDay(day: string | null | undefined, language: string): string {
  if (!day) return '';
  const d = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return day;
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeZone: 'UTC' }).format(d);
}

/**
 * An exact decimal string (`"1234567.50"`) with the language's grouping and decimal marks
 * (`1,234,567.50`), digit for digit: it is never turned into a JS number.
 */
export function formatDecimal(amount: string, language: string): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(amount.trim());
  if (!m) return amount;
  const [, sign = '', int = '', fraction] = m;
  const parts = new Intl.NumberFormat(language).formatToParts(1000.5);
  const group = parts.find((p) => p.type === 'group')?.value ?? ',';
  const decimal = parts.find((p) => p.type === 'decimal')?.value ?? '.';
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, group);
  return `${sign}${grouped}${fraction === undefined ? '' : `${decimal}${fraction}`}`;
}

/**
 * An amount of money as the API sends it (exact decimal string + ISO currency) with the
 * language's currency sign: `¥50,000.00` (zh-CN), `CN¥50,000.00` (en). Digits are the API's own.
 */
export function formatMoney(money: { amount: string; currency: string }, language: string): string {
  let parts: Intl.NumberFormatPart[];
  try {
    parts = new Intl.NumberFormat(language, { style: 'currency', currency: money.currency }).formatToParts(1);
  } catch {
    return `${formatDecimal(money.amount, language)} ${money.currency}`;
  }
  const digits = formatDecimal(money.amount, language);
  return parts
    .map((p) => {
      if (p.type === 'integer') return digits;
      if (p.type === 'decimal' || p.type === 'fraction' || p.type === 'group') return '';
      return p.value;
    })
    .join('');
}
