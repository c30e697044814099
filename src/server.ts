import 'reflect-metadata';
import type { Server } from 'node:http';
import { configOrExit } from './config';
import { createLogger } from './logger';
import { openDatabase, type Database } from './db/database';
import { isEmpty, seedDemo } from './db/seed-demo';
import { sharedSecret } from './db/secrets';
import { createApp } from './app';
import { DEMO_PASSWORD, demoUsers } from './db/demo-data';

const SHUTDOWN_DEADLINE_MS = 9_000;

async function main(): Promise<void> {
  const config = configOrExit();
  const logger = createLogger(config.logLevel);
  if (!config.databaseUrl) console.log(`Starting the embedded PostgreSQL (data in ${config.dataDir}/) …`);
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    log: (line) => logger.debug({ postgres: line }),
    onPoolError: (err) => logger.warn({ err }, 'idle database connection failed'),
  });
  const db = database.dataSource;

  let seeded = false;
  if (!config.databaseUrl && (await isEmpty(db))) {
    await seedDemo(db);
    seeded = true;
  }
  const secret = config.sessionSecret ?? (await sharedSecret(db, 'session'));
  const { app, close } = createApp({ db, config, logger, sessionSecret: secret });

  const server = app.listen(config.port, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    console.log(`Démarche is listening on http://localhost:${port}`);
    if (seeded || !config.databaseUrl) {
      console.log(`Log in as ${demoUsers.map((u) => u.email).join(', ')} with the password "${DEMO_PASSWORD}" (demo accounts${seeded ? ', just created' : ''}).`);
    }
    console.log('Press Ctrl-C to stop.');
  });
  server.keepAliveTimeout = 5_000;
  server.headersTimeout = 10_000;
  server.requestTimeout = 60_000;
  installShutdown(server, database, close, logger);
}

function installShutdown(server: Server, database: Database, closeSessions: () => void, logger: ReturnType<typeof createLogger>): void {
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received: finishing requests in progress, then stopping.`);
    const force = setTimeout(() => {
      logger.error('shutdown deadline passed; exiting');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS);
    force.unref();
    // close() stops accepting and waits for in-flight requests; idle keep-alive sockets are closed now.
    server.close(async () => {
      try {
        closeSessions();
        await database.close();
        console.log('Démarche stopped.');
        process.exit(0);
      } catch (err) {
        logger.error({ err }, 'error while stopping');
        process.exit(1);
      }
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err) => {
  console.error('Démarche could not start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
