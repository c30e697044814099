import { existsSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './paths';

export type Clearance = 'unclassified' | 'restricted' | 'confidential';

export interface Config {
  nodeEnv: string;
  port: number;
  databaseUrl: string | undefined;
  /** When unset, a secret generated once is kept in the database, so every instance shares it. */
  sessionSecret: string | undefined;
  trustProxy: boolean | number | string;
  homeCountry: string;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  loginRateLimitPerMinute: number;
  /** Failed logins for one account (any address, any instance) before it is held back… */
  loginAccountFailures: number;
  /** …for this long, counted from the first failure. */
  loginAccountWindowMinutes: number;
  dataDir: string;
  countsCacheSeconds: number;
  logLevel: string;
  /** Worker processes serving HTTP (Node's cluster); 1 serves from the main process itself. */
  workers: number;
  /** The app's public address, without a trailing slash: every absolute URL (feeds, mail) starts with it. */
  appUrl: string;
  /** IANA time zone for "today", overdue, quiet, scheduled mail and every timestamp shown. */
  appTimeZone: string;
  /** The highest classification that may leave the app (calendar feeds, mail). */
  exportMaxClassification: Clearance;
  /** CSV exports one user may run at once (EXPORTS_PER_USER); the process runs at most 4× as many in all. */
  exportsPerUser: number;
  /** A CSV export whose client has taken no data for this long is ended (EXPORT_STALL_SECONDS). */
  exportStallMs: number;
  /** The app's clock: "today" is this instant's day in appTimeZone. Tests replace it; nothing else should. */
  clock: () => Date;
  /** Where mail is sent (`smtp://user:pass@host:587`); unset, mail waits in the outbox. */
  smtpUrl: string | undefined;
  mailFrom: string;
  /** Whether this process runs the scheduled jobs (JOBS=off leaves them to `npm run worker`). */
  jobs: boolean;
}

export const CLEARANCES: readonly Clearance[] = ['unclassified', 'restricted', 'confidential'];

class ConfigError extends Error {}

function integer(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return value;
}

function trustProxy(raw: string | undefined): boolean | number | string {
  if (raw === undefined || raw === '' || raw === 'false') return false;
  if (raw === 'true') return true;
  if (/^\d+$/.test(raw)) return Number(raw);
  return raw; // an address list or preset such as "loopback", passed to Express as is
}

function appUrl(raw: string | undefined, port: number): string {
  const value = raw || `http://localhost:${port}`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(
      `APP_URL must be an absolute http(s) address such as https://demarche.mfa.example, got "${value}"`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ConfigError(`APP_URL must start with http:// or https://, got "${value}"`);
  if (url.search || url.hash || url.username)
    throw new ConfigError(`APP_URL must not carry a query, fragment or credentials, got "${value}"`);
  return url.href.replace(/\/+$/, '');
}

function timeZone(raw: string | undefined): string {
  const zone = raw || 'Europe/Oslo';
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
  } catch {
    throw new ConfigError(`APP_TIME_ZONE must be an IANA time zone such as Europe/Oslo, got "${zone}"`);
  }
  return zone;
}

function classification(name: string, fallback: Clearance): Clearance {
  const raw = process.env[name] || fallback;
  if (!(CLEARANCES as readonly string[]).includes(raw))
    throw new ConfigError(`${name} must be one of ${CLEARANCES.join(', ')}, got "${raw}"`);
  return raw as Clearance;
}

function onOff(name: string, fallback: boolean): boolean {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'on' || raw === 'true' || raw === '1') return true;
  if (raw === 'off' || raw === 'false' || raw === '0') return false;
  throw new ConfigError(`${name} must be on or off, got "${raw}"`);
}

/**
 * Reads `.env` in the project root into the environment, when the file exists (Node's own
 * parser). A variable already in the environment wins, even when set to an empty value: the file
 * only fills in what is missing. Called by the server and the commands, never by the tests.
 */
export function loadEnvFile(file = path.join(ROOT, '.env')): void {
  if (existsSync(file)) process.loadEnvFile(file);
}

export function loadConfig(): Config {
  const nodeEnv = process.env.NODE_ENV ?? 'development';
  const secret = process.env.SESSION_SECRET;
  if (secret !== undefined && secret.length < 32) {
    throw new ConfigError('SESSION_SECRET must be at least 32 characters long');
  }
  const homeCountry = (process.env.HOME_COUNTRY ?? 'NO').toUpperCase();
  if (!/^[A-Z]{2}$/.test(homeCountry)) {
    throw new ConfigError(`HOME_COUNTRY must be an ISO 3166-1 alpha-2 code such as NO, got "${homeCountry}"`);
  }
  const port = integer('PORT', 3000, 0, 65535);
  const smtpUrl = process.env.SMTP_URL || undefined;
  if (smtpUrl && !/^smtps?:\/\//.test(smtpUrl)) throw new ConfigError('SMTP_URL must start with smtp:// or smtps://');
  return {
    nodeEnv,
    port,
    databaseUrl: process.env.DATABASE_URL || undefined,
    sessionSecret: secret || undefined,
    trustProxy: trustProxy(process.env.TRUST_PROXY),
    homeCountry,
    sessionIdleMinutes: integer('SESSION_IDLE_MINUTES', 30, 1, 24 * 60),
    sessionAbsoluteHours: integer('SESSION_ABSOLUTE_HOURS', 12, 1, 24 * 7),
    loginRateLimitPerMinute: integer('LOGIN_RATE_LIMIT', 10, 1, 10_000),
    loginAccountFailures: integer('LOGIN_ACCOUNT_FAILURES', 10, 1, 10_000),
    loginAccountWindowMinutes: integer('LOGIN_ACCOUNT_WINDOW_MINUTES', 15, 1, 24 * 60),
    dataDir: process.env.DEMARCHE_DATA_DIR || '.data',
    countsCacheSeconds: integer('COUNTS_CACHE_SECONDS', nodeEnv === 'test' ? 0 : 30, 0, 3600),
    logLevel: process.env.LOG_LEVEL ?? (nodeEnv === 'test' ? 'silent' : 'info'),
    workers: integer('WEB_CONCURRENCY', 1, 1, 64),
    appUrl: appUrl(process.env.APP_URL, port),
    appTimeZone: timeZone(process.env.APP_TIME_ZONE),
    exportMaxClassification: classification('EXPORT_MAX_CLASSIFICATION', 'unclassified'),
    exportsPerUser: integer('EXPORTS_PER_USER', 2, 1, 50),
    exportStallMs: integer('EXPORT_STALL_SECONDS', 20, 1, 3600) * 1000,
    clock: () => new Date(),
    smtpUrl,
    mailFrom: process.env.MAIL_FROM || 'Démarche <demarche@localhost>',
    jobs: onOff('JOBS', true),
  };
}

/** Settings that work but leave a door open: said once at start-up. */
export function startupWarnings(config: Config): string[] {
  const warnings: string[] = [];
  if (config.trustProxy === true) {
    warnings.push(
      'TRUST_PROXY=true trusts every X-Forwarded-For address, so a client can choose the address the per-address login limit counts; set the number of proxies in front of the app (TRUST_PROXY=1) or their addresses instead.',
    );
  }
  if (config.nodeEnv === 'production' && config.trustProxy === false) {
    warnings.push(
      'No TRUST_PROXY and no TLS: the session cookie is sent without Secure. Serve the app behind a TLS-terminating proxy and set TRUST_PROXY to its hop count or address.',
    );
  }
  return warnings;
}

export function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`Configuration error: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
}
