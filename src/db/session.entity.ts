import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The login sessions (src/auth/session-store.ts reads and writes them). */
@Entity('sessions')
@Index('sessions_expire_idx', ['expire'])
// On (sess -> 'passport' ->> 'user'), so a disabled user's sessions can be ended: an expression,
// which TypeORM cannot declare, so it leaves this one alone.
@Index('sessions_user_idx', { synchronize: false })
export class StoredSession {
  @PrimaryColumn({ type: 'varchar' })
  sid: string;

  @Column({ type: 'json' })
  sess: Record<string, unknown>;

  @Column({ type: 'timestamp', precision: 6 })
  expire: Date;
}
