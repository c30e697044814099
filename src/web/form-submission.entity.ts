import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { User } from '../auth/user.entity';

/** One row per submitted "new" form, so a double click creates one record (src/web/records.ts). */
@Entity('form_submissions')
export class FormSubmission {
  @PrimaryColumn({ type: 'uuid' })
  token: string;

  @Column({ name: 'user_id', type: 'integer' })
  userId: number;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'form_submissions_user_id_fkey' })
  user?: User;

  @Column({ name: 'entity_type', type: 'text' })
  entityType: string;

  @Column({ name: 'entity_id', type: 'integer', nullable: true })
  entityId: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
