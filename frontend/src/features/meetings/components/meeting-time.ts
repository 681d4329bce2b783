/** "2026年12月1日 14:00–15:00" in the user's zone; the end gets its date only on another day. */
export function formatMeetingTime(startIso: string, endIso: string, language: string, timeZone?: string): string {
  const start = new Date(startIso);
  const end = new Date(endIso);
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) return startIso;
  const make = (opts: Intl.DateTimeFormatOptions) => {
    try {
      return new Intl.DateTimeFormat(language, { ...opts, timeZone });
    } catch {
      // Unknown time zone: the browser's.
      return new Intl.DateTimeFormat(language, opts);
    }
  };
  const day = make({ year: 'numeric', month: '2-digit', day: '2-digit' });
  const full = make({ dateStyle: 'medium', timeStyle: 'short' });
  const time = make({ timeStyle: 'short' });
  const sameDay = day.format(start) === day.format(end);
  return `${full.format(start)} – ${sameDay ? time.format(end) : full.format(end)}`;
}
