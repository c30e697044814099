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
  dataDir: string;
  countsCacheSeconds: number;
  logLevel: string;
  /** Worker processes serving HTTP (Node's cluster); 1 serves from the main process itself. */
  workers: number;
}

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
  return {
    nodeEnv,
    port: integer('PORT', 3000, 0, 65535),
    databaseUrl: process.env.DATABASE_URL || undefined,
    sessionSecret: secret || undefined,
    trustProxy: trustProxy(process.env.TRUST_PROXY),
    homeCountry,
    sessionIdleMinutes: integer('SESSION_IDLE_MINUTES', 30, 1, 24 * 60),
    sessionAbsoluteHours: integer('SESSION_ABSOLUTE_HOURS', 12, 1, 24 * 7),
    loginRateLimitPerMinute: integer('LOGIN_RATE_LIMIT', 10, 1, 10_000),
    dataDir: process.env.DEMARCHE_DATA_DIR || '.data',
    countsCacheSeconds: integer('COUNTS_CACHE_SECONDS', nodeEnv === 'test' ? 0 : 30, 0, 3600),
    logLevel: process.env.LOG_LEVEL ?? (nodeEnv === 'test' ? 'silent' : 'info'),
    workers: integer('WEB_CONCURRENCY', 1, 1, 64),
  };
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
