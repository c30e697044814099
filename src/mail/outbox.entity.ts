import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';
import { User } from '../auth/user.entity';
import type { Clearance } from '../config';
import { oneOf } from '../db/record-columns';
import { CLASSIFICATIONS } from '../web/clearance';

export const MAIL_KINDS = ['summary', 'digest', 'assignment', 'set_password'] as const;
export type MailKind = (typeof MAIL_KINDS)[number];
export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'failed', 'cancelled'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/** A mail, written before it is sent; (recipient, kind, period) is its idempotency key. */
@Entity('outbox')
@Unique('outbox_recipient_id_kind_period_key', ['recipientId', 'kind', 'period'])
@Check('outbox_kind_check', oneOf('kind', MAIL_KINDS))
@Check('outbox_period_check', 'length(period) BETWEEN 1 AND 100')
@Check('outbox_classification_check', oneOf('classification', CLASSIFICATIONS))
@Check('outbox_status_check', oneOf('status', OUTBOX_STATUSES))
// Partial and descending: declared in the MailAndAccounts migration.
@Index('outbox_due_idx', { synchronize: false })
@Index('outbox_created_idx', { synchronize: false })
export class OutboxMail {
  @PrimaryGeneratedColumn('identity', { type: 'integer', generatedIdentity: 'BY DEFAULT' })
  id: number;

  @Column({ name: 'recipient_id', type: 'integer' })
  recipientId: number;

  @ManyToOne(() => User)
  @JoinColumn({ name: 'recipient_id', foreignKeyConstraintName: 'outbox_recipient_id_fkey' })
  recipient?: User;

  @Column({ type: 'text' })
  kind: MailKind;

  @Column({ type: 'text' })
  period: string;

  @Column({ type: 'jsonb', default: {} })
  payload: Record<string, unknown>;

  @Column({ name: 'to_address', type: 'text' })
  toAddress: string;

  @Column({ type: 'text' })
  subject: string;

  @Column({ name: 'text_body', type: 'text' })
  textBody: string;

  @Column({ name: 'html_body', type: 'text' })
  htmlBody: string;

  /** The highest classification the mail quotes (never above EXPORT_MAX_CLASSIFICATION). */
  @Column({ type: 'text', default: 'unclassified' })
  classification: Clearance;

  @Column({ name: 'message_id', type: 'text' })
  messageId: string;

  @Column({ type: 'text', default: 'pending' })
  status: OutboxStatus;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'next_attempt_at', type: 'timestamptz', default: () => 'now()' })
  nextAttemptAt: Date;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;
}
