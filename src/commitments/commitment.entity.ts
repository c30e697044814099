import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Agreement } from '../agreements/agreement.entity';
import { User } from '../auth/user.entity';
import type { Clearance } from '../config';
import { httpUrlOrNull, oneOf, RecordColumns, searchVector } from '../db/record-columns';
import { Meeting } from '../meetings/meeting.entity';
import { Ministry } from '../ministries/ministry.entity';
import { Negotiation } from '../negotiations/negotiation.entity';
import { Note } from '../notes/note.entity';
import { Official } from '../officials/official.entity';
import { CLASSIFICATIONS } from '../web/clearance';
import { STATUSES, STRENGTHS, type CommitmentStatus, type Strength } from './commitment-status';

export const SOURCE_TYPES = ['meeting', 'note', 'agreement', 'statement'] as const;
export type SourceType = (typeof SOURCE_TYPES)[number];

@Entity('commitments')
@Check('commitments_text_check', 'length(text) BETWEEN 1 AND 5000')
@Check('commitments_made_by_title_check', 'length(made_by_title) <= 200')
@Check('commitments_strength_check', oneOf('strength', STRENGTHS))
@Check('commitments_source_type_check', oneOf('source_type', SOURCE_TYPES))
@Check('commitments_source_url_check', httpUrlOrNull('source_url'))
@Check('commitments_status_check', oneOf('status', STATUSES))
@Check('commitments_classification_check', oneOf('classification', CLASSIFICATIONS))
@Check('commitments_check', 'party_id <> counterpart_id')
@Check('commitments_check1', 'due_on IS NULL OR due_on >= made_on')
@Check('commitments_check2', `(source_type = 'meeting') = (meeting_id IS NOT NULL)`)
@Check('commitments_check3', `(source_type = 'note') = (note_id IS NOT NULL)`)
@Check('commitments_check4', `(source_type = 'agreement') = (agreement_id IS NOT NULL)`)
@Check('commitments_check5', `source_type <> 'statement' OR source_url IS NOT NULL`)
@Index('commitments_made_by_idx', ['madeById'])
@Index('commitments_party_idx', ['partyId'])
@Index('commitments_counterpart_idx', ['counterpartId'])
@Index('commitments_meeting_idx', ['meetingId'])
@Index('commitments_note_idx', ['noteId'])
@Index('commitments_agreement_idx', ['agreementId'])
@Index('commitments_owner_idx', ['ownerId'])
@Index('commitments_negotiation_idx', ['negotiationId'])
@Index('commitments_status_due_idx', ['status', 'dueOn', 'id'])
@Index('commitments_search_idx', ['searchVector'], { type: 'gin' })
// The open-commitments page's keyset indexes (1764100000000-OpenCommitmentsPaging): on
// expressions and descending columns, which TypeORM cannot declare, so it leaves them alone.
@Index('commitments_open_due_idx', { synchronize: false })
@Index('commitments_open_quiet_idx', { synchronize: false })
@Index('commitments_made_idx', { synchronize: false })
@Index('commitments_due_idx', { synchronize: false })
@Index('commitments_open_party_idx', { synchronize: false })
@Index('commitments_open_counterpart_idx', { synchronize: false })
@Index('commitments_open_chase_idx', { synchronize: false })
export class Commitment extends RecordColumns {
  @PrimaryGeneratedColumn('identity', { type: 'integer', generatedIdentity: 'BY DEFAULT' })
  id: number;

  @Column({ type: 'text' })
  text: string;

  @Column({ name: 'made_by_id', type: 'integer', nullable: true })
  madeById: number | null;

  @ManyToOne(() => Official, { nullable: true })
  @JoinColumn({ name: 'made_by_id', foreignKeyConstraintName: 'commitments_made_by_id_fkey' })
  madeBy?: Official | null;

  /** The maker's title on madeOn, kept because titles change. */
  @Column({ name: 'made_by_title', type: 'text', nullable: true })
  madeByTitle: string | null;

  @Column({ name: 'party_id', type: 'integer' })
  partyId: number;

  @ManyToOne(() => Ministry)
  @JoinColumn({ name: 'party_id', foreignKeyConstraintName: 'commitments_party_id_fkey' })
  party?: Ministry;

  @Column({ name: 'counterpart_id', type: 'integer' })
  counterpartId: number;

  @ManyToOne(() => Ministry)
  @JoinColumn({ name: 'counterpart_id', foreignKeyConstraintName: 'commitments_counterpart_id_fkey' })
  counterpart?: Ministry;

  @Column({ type: 'text' })
  strength: Strength;

  @Column({ name: 'source_type', type: 'text' })
  sourceType: SourceType;

  @Column({ name: 'meeting_id', type: 'integer', nullable: true })
  meetingId: number | null;

  @ManyToOne(() => Meeting, { nullable: true })
  @JoinColumn({ name: 'meeting_id', foreignKeyConstraintName: 'commitments_meeting_id_fkey' })
  meeting?: Meeting | null;

  @Column({ name: 'note_id', type: 'integer', nullable: true })
  noteId: number | null;

  @ManyToOne(() => Note, { nullable: true })
  @JoinColumn({ name: 'note_id', foreignKeyConstraintName: 'commitments_note_id_fkey' })
  note?: Note | null;

  @Column({ name: 'agreement_id', type: 'integer', nullable: true })
  agreementId: number | null;

  @ManyToOne(() => Agreement, { nullable: true })
  @JoinColumn({ name: 'agreement_id', foreignKeyConstraintName: 'commitments_agreement_id_fkey' })
  agreement?: Agreement | null;

  @Column({ name: 'source_url', type: 'text', nullable: true })
  sourceUrl: string | null;

  @Column({ name: 'made_on', type: 'date' })
  madeOn: string;

  @Column({ name: 'due_on', type: 'date', nullable: true })
  dueOn: string | null;

  @Column({ name: 'owner_id', type: 'integer', nullable: true })
  ownerId: number | null;

  @ManyToOne(() => User, { nullable: true })
  @JoinColumn({ name: 'owner_id', foreignKeyConstraintName: 'commitments_owner_id_fkey' })
  owner?: User | null;

  @Column({ type: 'text', default: 'open' })
  status: CommitmentStatus;

  @Column({ name: 'negotiation_id', type: 'integer', nullable: true })
  negotiationId: number | null;

  @ManyToOne(() => Negotiation, { nullable: true })
  @JoinColumn({ name: 'negotiation_id', foreignKeyConstraintName: 'commitments_negotiation_id_fkey' })
  negotiation?: Negotiation | null;

  @Column({ name: 'last_follow_up_on', type: 'date', nullable: true })
  lastFollowUpOn: string | null;

  /** The latest follow-up's "next chase on": the day the owner means to chase the other side. */
  @Column({ name: 'next_chase_on', type: 'date', nullable: true })
  nextChaseOn: string | null;

  @Column({ type: 'text', default: 'unclassified' })
  classification: Clearance;

  @Column({ name: 'created_by', type: 'integer', nullable: true })
  createdBy: number | null;

  @ManyToOne(() => User, { nullable: true })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'commitments_created_by_fkey' })
  creator?: User | null;

  @Column(
    searchVector(
      `setweight(to_tsvector('demarche', coalesce(text, '')), 'A') || setweight(to_tsvector('demarche', coalesce(made_by_title, '')), 'D')`,
    ),
  )
  searchVector?: string;
}
