import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { PasswordField } from '../../users/dto/user.dto';
import { MAX_PASSWORD_LENGTH } from '../../users/password-policy';
import { Role } from '../../users/role.enum';

export class LoginDto {
  @ApiProperty({ example: 'admin', minLength: 1, maxLength: 64 })
  @IsString()
  @Length(1, 64)
  username: string;

  @ApiProperty({ example: 'Zibo-Demo@2026', minLength: 1, maxLength: 128 })
  @IsString()
  @Length(1, 128)
  password: string;
}

export class MeDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() username: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: Role, enumName: 'Role', isArray: true }) roles: Role[];
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) teamId: string | null;
  @ApiProperty({ type: String, nullable: true }) teamName: string | null;
}

export class LoginResponseDto {
  @ApiProperty({ description: 'send as `Authorization: Bearer <accessToken>`' }) accessToken: string;
  @ApiProperty({ type: 'integer', description: 'seconds until it expires' }) expiresIn: number;
  @ApiProperty({ type: MeDto }) user: MeDto;
}

export class ChangePasswordDto {
  @ApiProperty({ description: 'the caller’s current password', minLength: 1, maxLength: MAX_PASSWORD_LENGTH })
  @IsString()
  @Length(1, MAX_PASSWORD_LENGTH)
  currentPassword: string;

  @PasswordField()
  newPassword: string;
}
