import { Column, CreateDateColumn, DeleteDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { Clearance } from '../config';
import { Meeting } from '../meetings/meeting.entity';
import { Ministry } from '../ministries/ministry.entity';
import { Official } from '../officials/official.entity';
import type { CommitmentStatus, Strength } from './commitment-status';

export const SOURCE_TYPES = ['meeting', 'note', 'agreement', 'statement'] as const;
export type SourceType = (typeof SOURCE_TYPES)[number];

@Entity('commitments')
export class Commitment {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'text' })
  text: string;

  @Column({ name: 'made_by_id', type: 'integer', nullable: true })
  madeById: number | null;

  @ManyToOne(() => Official, { nullable: true })
  @JoinColumn({ name: 'made_by_id' })
  madeBy?: Official | null;

  /** The maker's title on madeOn, kept because titles change. */
  @Column({ name: 'made_by_title', type: 'text', nullable: true })
  madeByTitle: string | null;

  @Column({ name: 'party_id', type: 'integer' })
  partyId: number;

  @ManyToOne(() => Ministry)
  @JoinColumn({ name: 'party_id' })
  party?: Ministry;

  @Column({ name: 'counterpart_id', type: 'integer' })
  counterpartId: number;

  @ManyToOne(() => Ministry)
  @JoinColumn({ name: 'counterpart_id' })
  counterpart?: Ministry;

  @Column({ type: 'text' })
  strength: Strength;

  @Column({ name: 'source_type', type: 'text' })
  sourceType: SourceType;

  @Column({ name: 'meeting_id', type: 'integer', nullable: true })
  meetingId: number | null;

  @ManyToOne(() => Meeting, { nullable: true })
  @JoinColumn({ name: 'meeting_id' })
  meeting?: Meeting | null;

  @Column({ name: 'note_id', type: 'integer', nullable: true })
  noteId: number | null;

  @Column({ name: 'agreement_id', type: 'integer', nullable: true })
  agreementId: number | null;

  @Column({ name: 'source_url', type: 'text', nullable: true })
  sourceUrl: string | null;

  @Column({ name: 'made_on', type: 'date' })
  madeOn: string;

  @Column({ name: 'due_on', type: 'date', nullable: true })
  dueOn: string | null;

  @Column({ name: 'owner_id', type: 'integer', nullable: true })
  ownerId: number | null;

  @Column({ type: 'text', default: 'open' })
  status: CommitmentStatus;

  @Column({ name: 'negotiation_id', type: 'integer', nullable: true })
  negotiationId: number | null;

  @Column({ name: 'last_follow_up_on', type: 'date', nullable: true })
  lastFollowUpOn: string | null;

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
