import { Column, CreateDateColumn, DeleteDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { Clearance } from '../config';
import { Ministry } from '../ministries/ministry.entity';

export const NOTE_KINDS = ['note_verbale', 'formal_note', 'letter', 'aide_memoire', 'request', 'other'] as const;
export type NoteKind = (typeof NOTE_KINDS)[number];

@Entity('notes')
export class Note {
  @PrimaryGeneratedColumn({ type: 'integer' })
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
  @JoinColumn({ name: 'from_id' })
  from?: Ministry;

  @Column({ name: 'to_id', type: 'integer' })
  toId: number;

  @ManyToOne(() => Ministry)
  @JoinColumn({ name: 'to_id' })
  to?: Ministry;

  @Column({ type: 'text' })
  subject: string;

  @Column({ type: 'text', nullable: true })
  body: string | null;

  @Column({ name: 'in_reply_to_id', type: 'integer', nullable: true })
  inReplyToId: number | null;

  @ManyToOne(() => Note, { nullable: true })
  @JoinColumn({ name: 'in_reply_to_id' })
  inReplyTo?: Note | null;

  @Column({ name: 'reply_due_on', type: 'date', nullable: true })
  replyDueOn: string | null;

  @Column({ name: 'negotiation_id', type: 'integer', nullable: true })
  negotiationId: number | null;

  @Column({ type: 'text', default: 'unclassified' })
  classification: Clearance;

  @VersionColumn({ type: 'integer', default: 1 })
  version: number;

  @Column({ name: 'created_by', type: 'integer', nullable: true })
  createdBy: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @DeleteDateColumn({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt: Date | null;
}
