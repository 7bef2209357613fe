import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { PasswordField } from '../../users/dto/user.dto';
import { MAX_PASSWORD_LENGTH } from '../../users/password-policy';
import { Role } from '../../users/role.enum';

export class LoginDto {
  @ApiProperty({ example: 'admin' })
  @IsString()
  @Length(1, 64)
  username: string;

  @ApiProperty({ example: 'Zibo-Demo@2026' })
  @IsString()
  @Length(1, 128)
  password: string;
}

export class MeDto {
  @ApiProperty() id: string;
  @ApiProperty() username: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: Role, isArray: true }) roles: Role[];
  @ApiProperty({ nullable: true }) teamId: string | null;
  @ApiProperty({ nullable: true }) teamName: string | null;
}

export class LoginResponseDto {
  @ApiProperty() accessToken: string;
  @ApiProperty() expiresIn: number;
  @ApiProperty({ type: MeDto }) user: MeDto;
}

export class ChangePasswordDto {
  @ApiProperty({ description: 'the caller’s current password' })
  @IsString()
  @Length(1, MAX_PASSWORD_LENGTH)
  currentPassword: string;

  @PasswordField()
  newPassword: string;
}
