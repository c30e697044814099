import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { oneOf, RecordColumns, searchVector } from '../db/record-columns';

export const MINISTRY_KINDS = ['ministry', 'agency', 'directorate', 'service', 'embassy'] as const;
export type MinistryKind = (typeof MINISTRY_KINDS)[number];

@Entity('ministries')
@Check('ministries_name_check', 'length(name) BETWEEN 1 AND 200')
@Check('ministries_short_name_check', 'length(short_name) <= 40')
@Check('ministries_kind_check', oneOf('kind', MINISTRY_KINDS))
@Check('ministries_country_code_check', `country_code ~ '^[A-Z]{2}$'`)
@Check('ministries_check', 'parent_id IS DISTINCT FROM id')
@Index('ministries_parent_idx', ['parentId'])
@Index('ministries_country_idx', ['countryCode', 'name'])
@Index('ministries_search_idx', ['searchVector'], { type: 'gin' })
export class Ministry extends RecordColumns {
  @PrimaryGeneratedColumn('identity', { type: 'integer', generatedIdentity: 'BY DEFAULT' })
  id: number;

  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'short_name', type: 'text', nullable: true })
  shortName: string | null;

  @Column({ type: 'text' })
  kind: MinistryKind;

  @Column({ name: 'country_code', type: 'char', length: 2 })
  countryCode: string;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  aliases: string[];

  @Column({ name: 'parent_id', type: 'integer', nullable: true })
  parentId: number | null;

  @ManyToOne(() => Ministry, { nullable: true })
  @JoinColumn({ name: 'parent_id', foreignKeyConstraintName: 'ministries_parent_id_fkey' })
  parent?: Ministry | null;

  @Column(
    searchVector(
      `setweight(to_tsvector('demarche', coalesce(name, '')), 'A') || setweight(to_tsvector('demarche', coalesce(short_name, '')), 'A')`,
    ),
  )
  searchVector?: string;
}
