import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import {
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEnum,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../password-policy';
import { Role } from '../role.enum';
import { User } from '../user.entity';

/** A password being set, checked at the edge for its length (the rest of the policy in the service: passwordProblem). */
export const PasswordField = () =>
  applyDecorators(
    ApiProperty({
      minLength: MIN_PASSWORD_LENGTH,
      maxLength: MAX_PASSWORD_LENGTH,
      description: 'not only spaces, not containing the username, not a common password',
    }),
    IsString(),
    MinLength(MIN_PASSWORD_LENGTH, { message: `password must be at least ${MIN_PASSWORD_LENGTH} characters` }),
    MaxLength(MAX_PASSWORD_LENGTH, { message: `password must be at most ${MAX_PASSWORD_LENGTH} characters` }),
  );

export class CreateUserDto {
  @ApiProperty({ example: 'zhangwei', pattern: '^[a-z][a-z0-9_.-]{2,31}$' })
  @IsString()
  @Matches(/^[a-z][a-z0-9_.-]{2,31}$/, {
    message: 'username must be 3–32 lowercase letters, digits, ".", "_" or "-", starting with a letter',
  })
  username: string;

  @ApiProperty({ example: '张伟', minLength: 1, maxLength: 64 })
  @IsString()
  @Length(1, 64)
  displayName: string;

  @PasswordField()
  password: string;

  @ApiProperty({ enum: Role, enumName: 'Role', isArray: true, minItems: 1, uniqueItems: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsEnum(Role, { each: true })
  roles: Role[];

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'the user’s team; null: none' })
  @IsOptional()
  @IsUUID()
  teamId?: string | null;

  @ApiPropertyOptional({ description: 'false: the user cannot sign in (default true)' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

/** Any field of a create; null only where the schema says nullable (teamId): `displayName: null` is a 400, not a NOT NULL error. */
export class UpdateUserDto extends PartialType(CreateUserDto, { skipNullProperties: false }) {}

export class UserResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() username: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: Role, enumName: 'Role', isArray: true }) roles: Role[];
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) teamId: string | null;
  @ApiProperty() active: boolean;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;

  static from(user: User): UserResponseDto {
    return {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      roles: user.roles,
      teamId: user.teamId,
      active: user.active,
      createdAt: user.createdAt,
    };
  }
}

export class UserPageDto {
  @ApiProperty({ type: [UserResponseDto] }) items: UserResponseDto[];
  @ApiProperty({ type: 'null', description: 'always null: every user is on the one page' }) nextCursor: null;
}
