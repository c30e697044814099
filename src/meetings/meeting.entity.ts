import {
  Check,
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryColumn,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { User } from '../auth/user.entity';
import type { Clearance } from '../config';
import { oneOf, RecordColumns, searchVector } from '../db/record-columns';
import { Negotiation } from '../negotiations/negotiation.entity';
import { Official } from '../officials/official.entity';
import { CLASSIFICATIONS } from '../web/clearance';

@Entity('meetings')
@Check('meetings_title_check', 'length(title) BETWEEN 1 AND 300')
@Check('meetings_location_check', 'length(location) <= 200')
@Check('meetings_occasion_check', 'length(occasion) <= 300')
@Check('meetings_summary_check', 'length(summary) <= 20000')
@Check('meetings_classification_check', oneOf('classification', CLASSIFICATIONS))
// (held_on DESC, id DESC): TypeORM cannot declare a column's order, so it leaves this one alone.
@Index('meetings_held_on_idx', { synchronize: false })
@Index('meetings_negotiation_idx', ['negotiationId'])
@Index('meetings_search_idx', ['searchVector'], { type: 'gin' })
export class Meeting extends RecordColumns {
  @PrimaryGeneratedColumn('identity', { type: 'integer', generatedIdentity: 'BY DEFAULT' })
  id: number;

  @Column({ type: 'text' })
  title: string;

  @Column({ name: 'held_on', type: 'date' })
  heldOn: string;

  @Column({ type: 'text', nullable: true })
  location: string | null;

  @Column({ type: 'text', nullable: true })
  occasion: string | null;

  @Column({ name: 'negotiation_id', type: 'integer', nullable: true })
  negotiationId: number | null;

  @ManyToOne(() => Negotiation, { nullable: true })
  @JoinColumn({ name: 'negotiation_id', foreignKeyConstraintName: 'meetings_negotiation_id_fkey' })
  negotiation?: Negotiation | null;

  @Column({ type: 'text', nullable: true })
  summary: string | null;

  @Column({ type: 'text', default: 'unclassified' })
  classification: Clearance;

  @OneToMany(() => MeetingParticipant, (participant) => participant.meeting)
  participants?: MeetingParticipant[];

  @Column({ name: 'created_by', type: 'integer', nullable: true })
  createdBy: number | null;

  @ManyToOne(() => User, { nullable: true })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'meetings_created_by_fkey' })
  creator?: User | null;

  @Column(
    searchVector(
      `setweight(to_tsvector('demarche', coalesce(title, '')), 'A') || setweight(to_tsvector('demarche', coalesce(location, '') || ' ' || coalesce(occasion, '')), 'B') || setweight(to_tsvector('demarche', coalesce(summary, '')), 'C')`,
    ),
  )
  searchVector?: string;
}

/** An official present at a meeting. */
@Entity('meeting_participants')
@Index('meeting_participants_official_idx', ['officialId'])
export class MeetingParticipant {
  @PrimaryColumn({ name: 'meeting_id', type: 'integer' })
  meetingId: number;

  @ManyToOne(() => Meeting, (meeting) => meeting.participants)
  @JoinColumn({ name: 'meeting_id', foreignKeyConstraintName: 'meeting_participants_meeting_id_fkey' })
  meeting?: Meeting;

  @PrimaryColumn({ name: 'official_id', type: 'integer' })
  officialId: number;

  @ManyToOne(() => Official)
  @JoinColumn({ name: 'official_id', foreignKeyConstraintName: 'meeting_participants_official_id_fkey' })
  official?: Official;
}
