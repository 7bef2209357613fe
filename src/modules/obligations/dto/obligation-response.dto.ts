import { ApiProperty } from '@nestjs/swagger';
import { UserRefDto } from '../../leads/dto/lead-response.dto';
import { AgreementClause } from '../agreement-clause.entity';
import { Agreement } from '../agreement.entity';
import { ClauseState } from '../clause-state.calculator';
import {
  IDLE_LAND_LEVEL_LABELS,
  IDLE_LAND_LEVELS,
  IDLE_LAND_RULE_LABELS,
  IdleLandClock,
  IdleLandLevel,
  IdleLandRule,
} from '../idle-land.calculator';
import {
  AGREEMENT_KIND_LABELS,
  AgreementKind,
  CLAUSE_KIND_LABELS,
  CLAUSE_PARTY_LABELS,
  CLAUSE_STATUS_LABELS,
  ClauseKind,
  ClauseParty,
  ClauseStatus,
} from '../obligation.model';
import { FulfilmentSummary } from '../obligations.evaluator';
import { EvidenceMeta } from '../obligations.repository';
import { ReportedActual } from '../reported-actual.entity';
import { CLAUSE_KIND_API, CLAUSE_PARTY_API, CLAUSE_STATUS_API } from './clause.dto';

const nullableNumber = { type: Number, nullable: true } as const;
const nullableDate = { type: String, format: 'date', nullable: true } as const;
const nullableText = { type: String, nullable: true } as const;
const LEVEL_API = { enum: IDLE_LAND_LEVELS, enumName: 'IdleLandLevel' } as const;
const RULE_API = { enum: ['not_started', 'partial_build'], enumName: 'IdleLandRule' } as const;

/** 履约率 and counts of a set of clauses. */
export class FulfilmentDto implements FulfilmentSummary {
  @ApiProperty({
    ...nullableNumber,
    description: '履约率 0–1: mean of the decided clauses’ rates (met 1, missed 0, partly met its share); null when none is decided',
  })
  rate: number | null;
  @ApiProperty() clauses: number;
  @ApiProperty({ description: 'clauses met, partly met or missed' }) decided: number;
  @ApiProperty() met: number;
  @ApiProperty() partlyMet: number;
  @ApiProperty() missed: number;
  @ApiProperty() pending: number;
  @ApiProperty() waived: number;
  @ApiProperty({ description: 'past their due date, neither met nor waived' }) overdue: number;
}

export class EvidenceResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) clauseId: string;
  @ApiProperty() fileName: string;
  @ApiProperty({
    enum: ['application/pdf', 'image/png', 'image/jpeg', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    enumName: 'EvidenceContentType',
  })
  contentType: string;
  @ApiProperty() sizeBytes: number;
  @ApiProperty({ description: 'SHA-256 of the file, hex' }) sha256: string;
  @ApiProperty({ format: 'uuid' }) uploadedBy: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;

  static from(e: EvidenceMeta): EvidenceResponseDto {
    return {
      id: e.id,
      clauseId: e.clauseId,
      fileName: e.fileName,
      contentType: e.contentType,
      sizeBytes: e.sizeBytes,
      sha256: e.sha256,
      uploadedBy: e.uploadedBy,
      createdAt: e.createdAt,
    };
  }
}

export class ClauseYearDto {
  @ApiProperty() year: number;
  @ApiProperty({ ...nullableNumber, description: 'the year’s figure in the clause’s unit; null: not reported' }) actual: number | null;
  @ApiProperty(nullableNumber) rate: number | null;
  @ApiProperty({ ...CLAUSE_STATUS_API, nullable: true }) state: ClauseStatus | null;
}

/** A clause with its recorded status and its state computed from the reported actuals. */
export class ClauseResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) agreementId: string;
  @ApiProperty({ format: 'uuid' }) leadId: string;
  @ApiProperty(CLAUSE_PARTY_API) party: ClauseParty;
  @ApiProperty({ example: '政府承诺' }) partyLabel: string;
  @ApiProperty(CLAUSE_KIND_API) kind: ClauseKind;
  @ApiProperty({ example: '到位投资' }) kindLabel: string;
  @ApiProperty() title: string;
  @ApiProperty(nullableNumber) threshold: number | null;
  @ApiProperty(nullableText) unit: string | null;
  @ApiProperty(nullableDate) dueDate: string | null;
  @ApiProperty(nullableNumber) yearlyFrom: number | null;
  @ApiProperty(nullableText) evidenceRequired: string | null;
  @ApiProperty({ ...nullableText, description: '责任单位' }) department: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) responsibleId: string | null;
  @ApiProperty({ type: UserRefDto, nullable: true }) responsible: UserRefDto | null;
  @ApiProperty({ ...CLAUSE_STATUS_API, description: 'the recorded status' }) status: ClauseStatus;
  @ApiProperty({ example: '待履约' }) statusLabel: string;
  @ApiProperty(nullableText) statusReason: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) statusChangedAt: Date | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) statusChangedBy: string | null;
  @ApiProperty({
    ...CLAUSE_STATUS_API,
    description: 'the computed state: the recorded status once decided, else from the actuals, the lead’s dates or the due date',
  })
  state: ClauseStatus;
  @ApiProperty({ example: '已履约' }) stateLabel: string;
  @ApiProperty({ enum: ['recorded', 'figures', 'milestone', 'none'], enumName: 'ClauseDecidedBy' }) decidedBy: ClauseState['decidedBy'];
  @ApiProperty({ ...nullableNumber, description: 'the figure compared with the threshold, in its unit' }) actual: number | null;
  @ApiProperty({ ...nullableNumber, description: 'the clause’s 履约率 0–1; null while pending or waived' }) rate: number | null;
  @ApiProperty() overdue: boolean;
  @ApiProperty({ type: [ClauseYearDto] }) years: ClauseYearDto[];
  @ApiProperty({ type: [EvidenceResponseDto] }) evidence: EvidenceResponseDto[];
  @ApiProperty({ format: 'uuid' }) createdBy: string;
  @ApiProperty() version: number;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;

  static from(clause: AgreementClause, state: ClauseState, evidence: EvidenceMeta[], responsible: UserRefDto | null): ClauseResponseDto {
    return {
      id: clause.id,
      agreementId: clause.agreementId,
      leadId: clause.leadId,
      party: clause.party,
      partyLabel: CLAUSE_PARTY_LABELS[clause.party],
      kind: clause.kind,
      kindLabel: CLAUSE_KIND_LABELS[clause.kind],
      title: clause.title,
      threshold: clause.threshold,
      unit: clause.unit,
      dueDate: clause.dueDate,
      yearlyFrom: clause.yearlyFrom,
      evidenceRequired: clause.evidenceRequired,
      department: clause.department,
      responsibleId: clause.responsibleId,
      responsible,
      status: clause.status,
      statusLabel: CLAUSE_STATUS_LABELS[clause.status],
      statusReason: clause.statusReason,
      statusChangedAt: clause.statusChangedAt,
      statusChangedBy: clause.statusChangedBy,
      state: state.state,
      stateLabel: CLAUSE_STATUS_LABELS[state.state],
      decidedBy: state.decidedBy,
      actual: state.actual,
      rate: state.rate,
      overdue: state.overdue,
      years: state.years,
      evidence: evidence.map((e) => EvidenceResponseDto.from(e)),
      createdBy: clause.createdBy,
      version: clause.version,
      createdAt: clause.createdAt,
      updatedAt: clause.updatedAt,
    };
  }
}

/** 闲置土地 clock of an agreement's land. */
export class IdleLandClockDto {
  @ApiProperty(LEVEL_API) level: IdleLandLevel;
  @ApiProperty({ example: '红色预警（闲置满一年）' }) levelLabel: string;
  @ApiProperty({ ...RULE_API, nullable: true, description: 'not_started 未动工 | partial_build 中止开发建设; null: neither applies' })
  rule: IdleLandRule | null;
  @ApiProperty(nullableText) ruleLabel: string | null;
  @ApiProperty({ ...nullableDate, description: 'the day the clock counts from' }) since: string | null;
  @ApiProperty({ ...nullableNumber, description: 'days from `since` to today (district)' }) days: number | null;
  @ApiProperty(nullableDate) yellowOn: string | null;
  @ApiProperty(nullableDate) redOn: string | null;
  @ApiProperty(nullableDate) criticalOn: string | null;
  @ApiProperty({ ...nullableNumber, description: 'built floor area ÷ planned floor area' }) builtShare: number | null;
  @ApiProperty({ ...nullableNumber, description: 'investment arrived ÷ the agreement’s investment' }) investmentShare: number | null;
  @ApiProperty(nullableDate) lastProgressOn: string | null;

  static from(clock: IdleLandClock): IdleLandClockDto {
    return {
      ...clock,
      levelLabel: IDLE_LAND_LEVEL_LABELS[clock.level],
      ruleLabel: clock.rule ? IDLE_LAND_RULE_LABELS[clock.rule] : null,
    };
  }
}

export class AgreementResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) leadId: string;
  @ApiProperty({ enum: AgreementKind, enumName: 'AgreementKind' }) kind: AgreementKind;
  @ApiProperty({ example: '投资协议' }) kindLabel: string;
  @ApiProperty() number: string;
  @ApiProperty({ format: 'date' }) signedOn: string;
  @ApiProperty() parties: string;
  @ApiProperty({ ...nullableNumber, description: '万元' }) investment: number | null;
  @ApiProperty({ ...nullableNumber, description: '亩' }) landAreaMu: number | null;
  @ApiProperty(nullableText) landUse: string | null;
  @ApiProperty(nullableText) landParcel: string | null;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'the carrier (载体) the agreement took at signing: the one reserved for the lead',
  })
  carrierId: string | null;
  @ApiProperty(nullableDate) landDeliveryDate: string | null;
  @ApiProperty(nullableDate) landStartDate: string | null;
  @ApiProperty({ ...nullableNumber, description: '万元' }) landPrice: number | null;
  @ApiProperty({ ...nullableNumber, description: 'm²' }) plannedFloorArea: number | null;
  @ApiProperty(nullableText) note: string | null;
  @ApiProperty({ format: 'uuid' }) createdBy: string;
  @ApiProperty() version: number;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
  @ApiProperty({ type: [ClauseResponseDto] }) clauses: ClauseResponseDto[];
  @ApiProperty({ type: IdleLandClockDto }) clock: IdleLandClockDto;
  @ApiProperty({ type: FulfilmentDto, description: 'this agreement’s clauses' }) fulfilment: FulfilmentDto;

  static from(
    agreement: Agreement,
    clauses: ClauseResponseDto[],
    clock: IdleLandClock,
    fulfilment: FulfilmentSummary,
  ): AgreementResponseDto {
    return {
      id: agreement.id,
      leadId: agreement.leadId,
      kind: agreement.kind,
      kindLabel: AGREEMENT_KIND_LABELS[agreement.kind],
      number: agreement.number,
      signedOn: agreement.signedOn,
      parties: agreement.parties,
      investment: agreement.investment,
      landAreaMu: agreement.landAreaMu,
      landUse: agreement.landUse,
      landParcel: agreement.landParcel,
      carrierId: agreement.carrierId,
      landDeliveryDate: agreement.landDeliveryDate,
      landStartDate: agreement.landStartDate,
      landPrice: agreement.landPrice,
      plannedFloorArea: agreement.plannedFloorArea,
      note: agreement.note,
      createdBy: agreement.createdBy,
      version: agreement.version,
      createdAt: agreement.createdAt,
      updatedAt: agreement.updatedAt,
      clauses,
      clock: IdleLandClockDto.from(clock),
      fulfilment,
    };
  }
}

export class AgreementPageDto {
  @ApiProperty({ type: [AgreementResponseDto] }) items: AgreementResponseDto[];
  @ApiProperty({ type: String, nullable: true, description: 'always null: a lead has few agreements' }) nextCursor: string | null;
  @ApiProperty({ type: FulfilmentDto, description: 'the project’s 履约率 over all its clauses' }) fulfilment: FulfilmentDto;
}

export class ActualResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) leadId: string;
  @ApiProperty({ example: '2026-Q3' }) period: string;
  @ApiProperty({ format: 'date' }) periodStart: string;
  @ApiProperty({ format: 'date' }) periodEnd: string;
  @ApiProperty({ format: 'date' }) asOf: string;
  @ApiProperty({ ...nullableNumber, description: '累计到位投资 (万元)' }) investmentArrived: number | null;
  @ApiProperty({ ...nullableNumber, description: '产值 (万元)' }) output: number | null;
  @ApiProperty({ ...nullableNumber, description: '税收 (万元)' }) tax: number | null;
  @ApiProperty({ ...nullableNumber, description: '就业人数' }) jobs: number | null;
  @ApiProperty({ ...nullableNumber, description: '综合能耗 (吨标煤)' }) energy: number | null;
  @ApiProperty({ ...nullableNumber, description: '研发投入 (万元)' }) rdExpense: number | null;
  @ApiProperty({ ...nullableNumber, description: '累计建成面积 (m²)' }) builtFloorArea: number | null;
  @ApiProperty(nullableText) note: string | null;
  @ApiProperty({ format: 'uuid' }) createdBy: string;
  @ApiProperty({ format: 'uuid' }) updatedBy: string;
  @ApiProperty() version: number;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;

  static from(row: ReportedActual): ActualResponseDto {
    return {
      id: row.id,
      leadId: row.leadId,
      period: row.period,
      periodStart: row.periodStart,
      periodEnd: row.periodEnd,
      asOf: row.asOf,
      investmentArrived: row.investmentArrived,
      output: row.output,
      tax: row.tax,
      jobs: row.jobs,
      energy: row.energy,
      rdExpense: row.rdExpense,
      builtFloorArea: row.builtFloorArea,
      note: row.note,
      createdBy: row.createdBy,
      updatedBy: row.updatedBy,
      version: row.version,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    };
  }
}

export class ActualPageDto {
  @ApiProperty({ type: [ActualResponseDto], description: 'oldest period first' }) items: ActualResponseDto[];
  @ApiProperty({ type: String, nullable: true, description: 'always null' }) nextCursor: string | null;
}
