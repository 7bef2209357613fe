import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { Team } from '../team.entity';

export class CreateTeamDto {
  @ApiProperty({ example: '产业链招商一组', minLength: 1, maxLength: 64 })
  @IsString()
  @Length(1, 64)
  name: string;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'the team’s leader; null: none' })
  @IsOptional()
  @IsUUID()
  leaderId?: string | null;
}

/** 编辑团队: the name and the leader (null: no leader; a null name is refused, as the schema says). */
export class UpdateTeamDto extends PartialType(CreateTeamDto, { skipNullProperties: false }) {}

export class TeamResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) leaderId: string | null;

  static from(team: Team): TeamResponseDto {
    return { id: team.id, name: team.name, leaderId: team.leaderId };
  }
}

export class TeamPageDto {
  @ApiProperty({ type: [TeamResponseDto] }) items: TeamResponseDto[];
  @ApiProperty({ type: 'null', description: 'always null: every team is on the one page' }) nextCursor: null;
}
