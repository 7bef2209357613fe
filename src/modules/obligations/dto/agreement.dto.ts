import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsInt, IsOptional, Min } from 'class-validator';
import { MultilineText } from '../../../common/validation/plain-text-fields';
import { AgreementKind } from '../obligation.model';
import { Clearable, IsAmount, IsCalendarDate, IsNonBlankText, PresentNotNull } from './obligation-fields';

const KIND = {
  enum: AgreementKind,
  enumName: 'AgreementKind',
  description: 'main 投资协议 (one per lead) | supplementary 补充协议',
} as const;

/** POST /leads/:id/agreements */
export class CreateAgreementDto {
  @ApiProperty(KIND)
  @IsEnum(AgreementKind)
  kind: AgreementKind;

  @ApiProperty({ description: '协议编号', example: 'WCH-2026-018' })
  @IsNonBlankText(100)
  number: string;

  @ApiProperty({ format: 'date', description: '签订日期' })
  @IsCalendarDate()
  signedOn: string;

  @ApiProperty({ description: '签约各方', example: '文昌湖区管委会；淄博晶芯微电子有限公司' })
  @IsNonBlankText(500)
  parties: string;

  @ApiPropertyOptional({ type: Number, nullable: true, description: '协议投资总额 (万元)' })
  @IsOptional()
  @IsAmount()
  investment?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, description: '用地面积 (亩)' })
  @IsOptional()
  @IsAmount()
  landAreaMu?: number | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: '用地性质', example: '工业用地' })
  @IsOptional()
  @IsNonBlankText(100)
  landUse?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: '地块编号' })
  @IsOptional()
  @IsNonBlankText(100)
  landParcel?: string | null;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, description: '约定交地日期' })
  @IsOptional()
  @IsCalendarDate()
  landDeliveryDate?: string | null;

  @ApiPropertyOptional({
    type: String,
    format: 'date',
    nullable: true,
    description: '土地出让合同约定动工日期 (the idle-land clock starts here)',
  })
  @IsOptional()
  @IsCalendarDate()
  landStartDate?: string | null;

  @ApiPropertyOptional({ type: Number, nullable: true, description: '土地出让价款 (万元)' })
  @IsOptional()
  @IsAmount()
  landPrice?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, description: '规划建筑面积 (m²)' })
  @IsOptional()
  @IsAmount()
  plannedFloorArea?: number | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: '备注' })
  @IsOptional()
  @IsNonBlankText(5000)
  @MultilineText()
  note?: string | null;
}

/** PATCH /leads/:id/agreements/:agreementId: any field, and the version the client last read. */
export class UpdateAgreementDto {
  @ApiProperty({ description: 'The version the client last read; a stale one is 409' })
  @IsInt()
  @Min(1)
  version: number;

  @ApiPropertyOptional({ description: '协议编号' })
  @PresentNotNull()
  @IsNonBlankText(100)
  number?: string;

  @ApiPropertyOptional({ format: 'date' })
  @PresentNotNull()
  @IsCalendarDate()
  signedOn?: string;

  @ApiPropertyOptional()
  @PresentNotNull()
  @IsNonBlankText(500)
  parties?: string;

  @ApiPropertyOptional({ type: Number, nullable: true, description: 'null clears it' })
  @Clearable()
  @IsAmount()
  investment?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true })
  @Clearable()
  @IsAmount()
  landAreaMu?: number | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @Clearable()
  @IsNonBlankText(100)
  landUse?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @Clearable()
  @IsNonBlankText(100)
  landParcel?: string | null;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true })
  @Clearable()
  @IsCalendarDate()
  landDeliveryDate?: string | null;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true })
  @Clearable()
  @IsCalendarDate()
  landStartDate?: string | null;

  @ApiPropertyOptional({ type: Number, nullable: true })
  @Clearable()
  @IsAmount()
  landPrice?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true })
  @Clearable()
  @IsAmount()
  plannedFloorArea?: number | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @Clearable()
  @IsNonBlankText(5000)
  @MultilineText()
  note?: string | null;
}
