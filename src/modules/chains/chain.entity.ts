import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { numericTransformer } from '../../database/numeric.transformer';
import { ChainSegment, SEGMENT_SQL_LIST, TARGET_STATUS_SQL_LIST, TargetStatus, VISIT_KIND_SQL_LIST, VisitKind } from './chain.model';

/** 产业链: one per catalog branch that has nodes; holds the team its converted targets go to (链长制). */
@Entity('industry_chains')
export class IndustryChain {
  @PrimaryColumn({ type: 'text' })
  industryCode: string;

  /** The team a target of this chain becomes a lead of; null: the converting user's team. */
  @Column({ type: 'uuid', nullable: true })
  teamId: string | null;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** 产业链环节: a node of a catalog branch's chain, in its segment, shown in `sortOrder`. */
@Entity('chain_nodes')
@Check('chk_chain_nodes_segment', `segment IN (${SEGMENT_SQL_LIST})`)
@Index('uq_chain_nodes_code', ['code'], { unique: true })
@Index('idx_chain_nodes_industry', ['industryCode', 'segment', 'sortOrder'])
export class ChainNode {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Stable key (`IT01-U1`): the reference data is upserted by it, and never overwrites an edited node. */
  @Column({ type: 'text' })
  code: string;

  /** A catalog branch (GET /industries). */
  @Column({ type: 'text' })
  industryCode: string;

  @Column({ type: 'text' })
  segment: ChainSegment;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'int', default: 0 })
  sortOrder: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** 本地企业: a firm already in the district, on one or more nodes (chain_enterprise_nodes). */
@Entity('chain_enterprises')
@Check('chk_chain_enterprises_non_negative', '(output IS NULL OR output >= 0) AND (employees IS NULL OR employees >= 0)')
@Index('uq_chain_enterprises_credit_code', ['creditCode'], { unique: true, where: 'credit_code IS NOT NULL' })
export class ChainEnterprise {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'varchar', length: 18, nullable: true })
  creditCode: string | null;

  /** 链主: the chain's leading firm. */
  @Column({ type: 'boolean', default: false })
  chainLeader: boolean;

  /** 年产值, 万元. */
  @Column({ type: 'numeric', precision: 14, scale: 2, nullable: true, transformer: numericTransformer })
  output: number | null;

  @Column({ type: 'int', nullable: true })
  employees: number | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** Which nodes an enterprise is on (many-to-many). */
@Entity('chain_enterprise_nodes')
@Index('idx_chain_enterprise_nodes_node', ['nodeId'])
export class ChainEnterpriseNode {
  @PrimaryColumn({ type: 'uuid' })
  enterpriseId: string;

  @PrimaryColumn({ type: 'uuid' })
  nodeId: string;
}

/** 目标企业: a candidate outside the district for a node, with why and where the tip came from. */
@Entity('chain_targets')
@Check('chk_chain_targets_status', `status IN (${TARGET_STATUS_SQL_LIST})`)
@Check('chk_chain_targets_converted', `(status = 'converted') = (lead_id IS NOT NULL)`)
@Index('idx_chain_targets_node', ['nodeId', 'status'])
export class ChainTarget {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  nodeId: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', nullable: true })
  city: string | null;

  @Column({ type: 'varchar', length: 18, nullable: true })
  creditCode: string | null;

  /** 推荐理由 */
  @Column({ type: 'text', nullable: true })
  reason: string | null;

  /** 线索来源: where the tip came from. */
  @Column({ type: 'text', nullable: true })
  tipSource: string | null;

  @Column({ type: 'text', default: 'open' })
  status: TargetStatus;

  /** The lead it became (set with status converted, in the same transaction). */
  @Column({ type: 'uuid', nullable: true })
  leadId: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}

/** 安商走访: a visit to a local enterprise, logged like a follow-up (when, how, what was said, the next step, who). */
@Entity('chain_enterprise_visits')
@Check('chk_chain_enterprise_visits_kind', `kind IN (${VISIT_KIND_SQL_LIST})`)
@Index('idx_chain_enterprise_visits_enterprise', ['enterpriseId', 'visitedOn', 'id'])
export class ChainEnterpriseVisit {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  enterpriseId: string;

  @Column({ type: 'text' })
  kind: VisitKind;

  /** 走访日期 (district calendar date). */
  @Column({ type: 'date' })
  visitedOn: string;

  @Column({ type: 'text' })
  summary: string;

  /** 下一步: what was agreed to do next. */
  @Column({ type: 'text', nullable: true })
  nextStep: string | null;

  @Column({ type: 'uuid' })
  authorId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
