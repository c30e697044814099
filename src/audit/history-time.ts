import { formatTimestamp } from '../web/view-helpers';

// The one place History formats its timestamps: the app's one timestamp format (YYYY-MM-DD HH:mm)
// in the app's time zone (APP_TIME_ZONE), whatever the server's zone.

export function formatHistoryTime(at: Date | string, timeZone: string): string {
  const date = at instanceof Date ? at : new Date(at);
  return Number.isNaN(date.getTime()) ? '' : formatTimestamp(date, timeZone);
}
