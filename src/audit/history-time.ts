// The one place History formats its timestamps: in the app's time zone (APP_TIME_ZONE), with the
// zone's abbreviation, so "14:03 CET" reads the same for every reader whatever the server's zone.

const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone, timeZoneName: 'short' });
    formats.set(timeZone, format);
  }
  return format;
}

export function formatHistoryTime(at: Date | string, timeZone: string): string {
  const date = at instanceof Date ? at : new Date(at);
  return Number.isNaN(date.getTime()) ? '' : formatFor(timeZone).format(date);
}
