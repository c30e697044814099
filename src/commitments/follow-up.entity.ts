import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Agreement } from '../agreements/agreement.entity';
import { User } from '../auth/user.entity';
import { httpUrlOrNull, oneOf } from '../db/record-columns';
import { Meeting } from '../meetings/meeting.entity';
import { Note } from '../notes/note.entity';
import { Commitment } from './commitment.entity';
import { STATUSES, type CommitmentStatus } from './commitment-status';

/** Append-only: a follow-up is never edited; the commitment's status is the latest one's. */
@Entity('follow_ups')
@Check('follow_ups_previous_status_check', oneOf('previous_status', STATUSES))
@Check('follow_ups_status_check', oneOf('status', STATUSES))
@Check('follow_ups_note_check', 'length(note) BETWEEN 1 AND 5000')
@Check('follow_ups_evidence_url_check', httpUrlOrNull('evidence_url'))
@Index('follow_ups_commitment_idx', ['commitmentId', 'recordedOn', 'id'])
export class FollowUp {
  @PrimaryGeneratedColumn('identity', { type: 'integer', generatedIdentity: 'BY DEFAULT' })
  id: number;

  @Column({ name: 'commitment_id', type: 'integer' })
  commitmentId: number;

  @ManyToOne(() => Commitment)
  @JoinColumn({ name: 'commitment_id', foreignKeyConstraintName: 'follow_ups_commitment_id_fkey' })
  commitment?: Commitment;

  @Column({ name: 'recorded_on', type: 'date' })
  recordedOn: string;

  @Column({ name: 'author_id', type: 'integer', nullable: true })
  authorId: number | null;

  @ManyToOne(() => User, { nullable: true })
  @JoinColumn({ name: 'author_id', foreignKeyConstraintName: 'follow_ups_author_id_fkey' })
  author?: User | null;

  @Column({ name: 'previous_status', type: 'text' })
  previousStatus: CommitmentStatus;

  @Column({ type: 'text' })
  status: CommitmentStatus;

  @Column({ type: 'text' })
  note: string;

  @Column({ name: 'evidence_meeting_id', type: 'integer', nullable: true })
  evidenceMeetingId: number | null;

  @ManyToOne(() => Meeting, { nullable: true })
  @JoinColumn({ name: 'evidence_meeting_id', foreignKeyConstraintName: 'follow_ups_evidence_meeting_id_fkey' })
  evidenceMeeting?: Meeting | null;

  @Column({ name: 'evidence_note_id', type: 'integer', nullable: true })
  evidenceNoteId: number | null;

  @ManyToOne(() => Note, { nullable: true })
  @JoinColumn({ name: 'evidence_note_id', foreignKeyConstraintName: 'follow_ups_evidence_note_id_fkey' })
  evidenceNote?: Note | null;

  @Column({ name: 'evidence_agreement_id', type: 'integer', nullable: true })
  evidenceAgreementId: number | null;

  @ManyToOne(() => Agreement, { nullable: true })
  @JoinColumn({ name: 'evidence_agreement_id', foreignKeyConstraintName: 'follow_ups_evidence_agreement_id_fkey' })
  evidenceAgreement?: Agreement | null;

  @Column({ name: 'evidence_url', type: 'text', nullable: true })
  evidenceUrl: string | null;

  /** When the owner means to chase the other side next; the commitment keeps the latest one. */
  @Column({ name: 'next_chase_on', type: 'date', nullable: true })
  nextChaseOn: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
