import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { VersionedEntity } from '../../common/model/versioned.entity';
import { numericTransformer } from '../../database/numeric.transformer';
import { AGREEMENT_KIND_SQL_LIST, AgreementKind } from './obligation.model';

const money = { type: 'numeric', precision: 14, scale: 2, nullable: true, transformer: numericTransformer } as const;

/** 投资协议: one per signed lead (`main`), and any supplementary agreements, with the land it covers. */
@Entity('agreements')
@Index('idx_agreements_lead_created', ['leadId', 'createdAt'])
@Index('uq_agreements_main_per_lead', ['leadId'], { unique: true, where: `kind = 'main'` })
@Check('chk_agreements_kind', `kind IN (${AGREEMENT_KIND_SQL_LIST})`)
export class Agreement extends VersionedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  leadId: string;

  @Column({ type: 'text' })
  kind: AgreementKind;

  /** 协议编号 */
  @Column({ type: 'text' })
  number: string;

  @Column({ type: 'date' })
  signedOn: string;

  /** 签约各方 */
  @Column({ type: 'text' })
  parties: string;

  /** 协议投资总额 (万元): what the investment share of the idle-land rule is measured against. */
  @Column(money)
  investment: number | null;

  @Column({ type: 'numeric', precision: 12, scale: 2, nullable: true, transformer: numericTransformer })
  landAreaMu: number | null;

  /** 用地性质 */
  @Column({ type: 'text', nullable: true })
  landUse: string | null;

  /** 地块编号 (the carrier, once carriers exist) */
  @Column({ type: 'text', nullable: true })
  landParcel: string | null;

  /** The carrier (载体) this agreement took at signing: the lead's reservation, made transferred/leased by it. */
  @Column({ type: 'uuid', nullable: true })
  carrierId: string | null;

  /** 约定交地日期 */
  @Column({ type: 'date', nullable: true })
  landDeliveryDate: string | null;

  /** 土地出让合同约定动工日期: the idle-land clock starts here. */
  @Column({ type: 'date', nullable: true })
  landStartDate: string | null;

  /** 土地出让价款 (万元): the idle-land fee is up to 20 % of it. */
  @Column(money)
  landPrice: number | null;

  /** 规划建筑面积 (m²): what the built share of the idle-land rule is measured against. */
  @Column(money)
  plannedFloorArea: number | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'uuid' })
  createdBy: string;
}
