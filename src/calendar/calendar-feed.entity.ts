import { CreateDateColumn, Column, Entity, JoinColumn, OneToOne, PrimaryColumn, Unique } from 'typeorm';
import { User } from '../auth/user.entity';

/** A user's calendar feed: only a hash of its token is kept, never a working feed address. */
@Entity('calendar_feeds')
@Unique('calendar_feeds_token_hash_key', ['tokenHash'])
export class CalendarFeed {
  @PrimaryColumn({ name: 'user_id', type: 'integer' })
  userId: number;

  @OneToOne(() => User)
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'calendar_feeds_user_id_fkey' })
  user?: User;

  @Column({ name: 'token_hash', type: 'text' })
  tokenHash: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
