import { Column, CreateDateColumn, DeleteDateColumn, Entity, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import { Ministry } from '../ministries/ministry.entity';

@Entity('officials')
export class Official {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ name: 'full_name', type: 'text' })
  fullName: string;

  @Column({ name: 'native_name', type: 'text', nullable: true })
  nativeName: string | null;

  @OneToMany(() => OfficialPosition, (position) => position.official)
  positions?: OfficialPosition[];

  @VersionColumn({ type: 'integer', default: 1 })
  version: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @DeleteDateColumn({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt: Date | null;
}

/** A title held at a ministry over a period; the open-ended one is the current position. */
@Entity('official_positions')
export class OfficialPosition {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ name: 'official_id', type: 'integer' })
  officialId: number;

  @ManyToOne(() => Official, (official) => official.positions)
  @JoinColumn({ name: 'official_id' })
  official?: Official;

  @Column({ name: 'ministry_id', type: 'integer' })
  ministryId: number;

  @ManyToOne(() => Ministry)
  @JoinColumn({ name: 'ministry_id' })
  ministry?: Ministry;

  @Column({ type: 'text' })
  title: string;

  @Column({ name: 'started_on', type: 'date' })
  startedOn: string;

  @Column({ name: 'ended_on', type: 'date', nullable: true })
  endedOn: string | null;
}
