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
