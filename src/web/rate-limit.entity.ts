import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A rate limiter's counter (src/web/rate-limit-store.ts). */
@Entity('rate_limits')
export class RateLimit {
  @PrimaryColumn({ type: 'text' })
  key: string;

  @Column({ type: 'integer' })
  hits: number;

  @Column({ name: 'reset_at', type: 'timestamptz' })
  resetAt: Date;
}
