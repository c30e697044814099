import { Check, Column, Entity, Index, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import { RecordColumns, searchVector } from '../db/record-columns';
import { Ministry } from '../ministries/ministry.entity';

@Entity('officials')
@Check('officials_full_name_check', 'length(full_name) BETWEEN 1 AND 200')
@Check('officials_native_name_check', 'length(native_name) <= 200')
@Index('officials_search_idx', ['searchVector'], { type: 'gin' })
export class Official extends RecordColumns {
  @PrimaryGeneratedColumn('identity', { type: 'integer', generatedIdentity: 'BY DEFAULT' })
  id: number;

  @Column({ name: 'full_name', type: 'text' })
  fullName: string;

  @Column({ name: 'native_name', type: 'text', nullable: true })
  nativeName: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  aliases: string[];

  @OneToMany(() => OfficialPosition, (position) => position.official)
  positions?: OfficialPosition[];

  @Column(
    searchVector(
      `setweight(to_tsvector('demarche', coalesce(full_name, '')), 'A') || setweight(to_tsvector('demarche', coalesce(native_name, '')), 'A')`,
    ),
  )
  searchVector?: string;
}

/** A title held at a ministry over a period; the open-ended one is the current position. */
@Entity('official_positions')
@Check('official_positions_title_check', 'length(title) BETWEEN 1 AND 200')
@Check('official_positions_check', 'ended_on IS NULL OR ended_on >= started_on')
@Index('official_positions_official_idx', ['officialId', 'startedOn'])
@Index('official_positions_ministry_idx', ['ministryId'])
export class OfficialPosition {
  @PrimaryGeneratedColumn('identity', { type: 'integer', generatedIdentity: 'BY DEFAULT' })
  id: number;

  @Column({ name: 'official_id', type: 'integer' })
  officialId: number;

  @ManyToOne(() => Official, (official) => official.positions)
  @JoinColumn({ name: 'official_id', foreignKeyConstraintName: 'official_positions_official_id_fkey' })
  official?: Official;

  @Column({ name: 'ministry_id', type: 'integer' })
  ministryId: number;

  @ManyToOne(() => Ministry)
  @JoinColumn({ name: 'ministry_id', foreignKeyConstraintName: 'official_positions_ministry_id_fkey' })
  ministry?: Ministry;

  @Column({ type: 'text' })
  title: string;

  @Column({ name: 'started_on', type: 'date' })
  startedOn: string;

  @Column({ name: 'ended_on', type: 'date', nullable: true })
  endedOn: string | null;
}
