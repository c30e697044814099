import type { RequestHandler } from 'express';
import type { DataSource } from 'typeorm';

export function healthz(db: DataSource): RequestHandler {
  return async (_req, res) => {
    res.set('Cache-Control', 'no-store');
    try {
      await Promise.race([
        db.query('SELECT 1'),
        new Promise((_, reject) => setTimeout(() => reject(new Error('health check timed out')), 2_000).unref()),
      ]);
      res.json({ status: 'ok', database: 'up' });
    } catch {
      res.set('Retry-After', '5').status(503).json({ status: 'unavailable', database: 'down' });
    }
  };
}
