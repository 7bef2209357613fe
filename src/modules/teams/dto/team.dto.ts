import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { Team } from '../team.entity';

export class CreateTeamDto {
  @ApiProperty({ example: '产业链招商一组' })
  @IsString()
  @Length(1, 64)
  name: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID()
  leaderId?: string | null;
}

/** 编辑团队: the name and the leader (null: no leader). */
export class UpdateTeamDto extends PartialType(CreateTeamDto) {}

export class TeamResponseDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true }) leaderId: string | null;

  static from(team: Team): TeamResponseDto {
    return { id: team.id, name: team.name, leaderId: team.leaderId };
  }
}
