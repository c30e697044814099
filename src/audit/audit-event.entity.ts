import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../auth/user.entity';
import { oneOf } from '../db/record-columns';
import { CLASSIFICATIONS } from '../web/clearance';
import type { Clearance } from '../config';
import type { AuditAction } from './audit.service';

const AUDIT_ACTIONS: readonly AuditAction[] = ['create', 'update', 'delete', 'restore'];

@Entity('audit_events')
@Check('audit_events_action_check', oneOf('action', AUDIT_ACTIONS))
@Check('audit_events_classification_before_check', oneOf('classification_before', CLASSIFICATIONS))
@Check('audit_events_classification_after_check', oneOf('classification_after', CLASSIFICATIONS))
@Index('audit_events_entity_idx', ['entityType', 'entityId', 'at'])
export class AuditEvent {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'BY DEFAULT' })
  id: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;

  @Column({ name: 'user_id', type: 'integer', nullable: true })
  userId: number | null;

  @ManyToOne(() => User, { nullable: true })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'audit_events_user_id_fkey' })
  user?: User | null;

  @Column({ type: 'text' })
  action: AuditAction;

  @Column({ name: 'entity_type', type: 'text' })
  entityType: string;

  @Column({ name: 'entity_id', type: 'integer' })
  entityId: number;

  @Column({ type: 'jsonb', default: {} })
  changes: Record<string, unknown>;

  /** The record's classification before and after the event; null for records that are not classified (ministries, officials…). */
  @Column({ name: 'classification_before', type: 'text', nullable: true })
  classificationBefore: Clearance | null;

  @Column({ name: 'classification_after', type: 'text', nullable: true })
  classificationAfter: Clearance | null;
}
