import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../auth/user.entity';
import type { Clearance } from '../config';
import { oneOf, RecordColumns, searchVector } from '../db/record-columns';
import { Ministry } from '../ministries/ministry.entity';
import { Negotiation } from '../negotiations/negotiation.entity';
import { CLASSIFICATIONS } from '../web/clearance';

export const NOTE_KINDS = ['note_verbale', 'formal_note', 'letter', 'aide_memoire', 'request', 'other'] as const;
export type NoteKind = (typeof NOTE_KINDS)[number];

@Entity('notes')
@Check('notes_reference_check', 'length(reference) BETWEEN 1 AND 100')
@Check('notes_kind_check', oneOf('kind', NOTE_KINDS))
@Check('notes_subject_check', 'length(subject) BETWEEN 1 AND 300')
@Check('notes_body_check', 'length(body) <= 50000')
@Check('notes_classification_check', oneOf('classification', CLASSIFICATIONS))
@Check('notes_check', 'from_id <> to_id')
@Check('notes_check1', 'in_reply_to_id IS DISTINCT FROM id')
// UNIQUE (lower(reference)) and (sent_on DESC, id DESC): TypeORM cannot declare an expression
// or a column's order, so it leaves these two alone.
@Index('notes_reference_key', { synchronize: false })
@Index('notes_sent_on_idx', { synchronize: false })
@Index('notes_reply_due_from_idx', { synchronize: false })
@Index('notes_reply_due_to_idx', { synchronize: false })
@Index('notes_in_reply_to_idx', ['inReplyToId'])
@Index('notes_from_idx', ['fromId'])
@Index('notes_to_idx', ['toId'])
@Index('notes_negotiation_idx', ['negotiationId'])
@Index('notes_search_idx', ['searchVector'], { type: 'gin' })
export class Note extends RecordColumns {
  @PrimaryGeneratedColumn('identity', { type: 'integer', generatedIdentity: 'BY DEFAULT' })
  id: number;

  @Column({ type: 'text' })
  reference: string;

  @Column({ type: 'text' })
  kind: NoteKind;

  @Column({ name: 'sent_on', type: 'date' })
  sentOn: string;

  @Column({ name: 'from_id', type: 'integer' })
  fromId: number;

  @ManyToOne(() => Ministry)
  @JoinColumn({ name: 'from_id', foreignKeyConstraintName: 'notes_from_id_fkey' })
  from?: Ministry;

  @Column({ name: 'to_id', type: 'integer' })
  toId: number;

  @ManyToOne(() => Ministry)
  @JoinColumn({ name: 'to_id', foreignKeyConstraintName: 'notes_to_id_fkey' })
  to?: Ministry;

  @Column({ type: 'text' })
  subject: string;

  @Column({ type: 'text', nullable: true })
  body: string | null;

  @Column({ name: 'in_reply_to_id', type: 'integer', nullable: true })
  inReplyToId: number | null;

  @ManyToOne(() => Note, { nullable: true })
  @JoinColumn({ name: 'in_reply_to_id', foreignKeyConstraintName: 'notes_in_reply_to_id_fkey' })
  inReplyTo?: Note | null;

  @Column({ name: 'reply_due_on', type: 'date', nullable: true })
  replyDueOn: string | null;

  @Column({ name: 'negotiation_id', type: 'integer', nullable: true })
  negotiationId: number | null;

  @ManyToOne(() => Negotiation, { nullable: true })
  @JoinColumn({ name: 'negotiation_id', foreignKeyConstraintName: 'notes_negotiation_id_fkey' })
  negotiation?: Negotiation | null;

  @Column({ type: 'text', default: 'unclassified' })
  classification: Clearance;

  @Column({ name: 'created_by', type: 'integer', nullable: true })
  createdBy: number | null;

  @ManyToOne(() => User, { nullable: true })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'notes_created_by_fkey' })
  creator?: User | null;

  @Column(
    searchVector(
      `setweight(to_tsvector('demarche', coalesce(reference, '') || ' ' || coalesce(subject, '')), 'A') || setweight(to_tsvector('demarche', coalesce(body, '')), 'C')`,
    ),
  )
  searchVector?: string;
}
