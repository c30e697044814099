import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Commitment } from './commitment.entity';
import type { CommitmentStatus } from './commitment-status';

/** Append-only: a follow-up is never edited; the commitment's status is the latest one's. */
@Entity('follow_ups')
export class FollowUp {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ name: 'commitment_id', type: 'integer' })
  commitmentId: number;

  @ManyToOne(() => Commitment)
  @JoinColumn({ name: 'commitment_id' })
  commitment?: Commitment;

  @Column({ name: 'recorded_on', type: 'date' })
  recordedOn: string;

  @Column({ name: 'author_id', type: 'integer', nullable: true })
  authorId: number | null;

  @Column({ name: 'previous_status', type: 'text' })
  previousStatus: CommitmentStatus;

  @Column({ type: 'text' })
  status: CommitmentStatus;

  @Column({ type: 'text' })
  note: string;

  @Column({ name: 'evidence_meeting_id', type: 'integer', nullable: true })
  evidenceMeetingId: number | null;

  @Column({ name: 'evidence_note_id', type: 'integer', nullable: true })
  evidenceNoteId: number | null;

  @Column({ name: 'evidence_agreement_id', type: 'integer', nullable: true })
  evidenceAgreementId: number | null;

  @Column({ name: 'evidence_url', type: 'text', nullable: true })
  evidenceUrl: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
