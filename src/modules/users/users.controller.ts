import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../common/auth/decorators';
import { Page } from '../../common/pagination/cursor';
import { uuidPipe } from '../../common/validation/validation.pipe';
import { CreateUserDto, UpdateUserDto, UserResponseDto } from './dto/user.dto';
import { Role } from './role.enum';
import { UsersService } from './users.service';
import { Idempotent } from '../../common/idempotency/idempotency.interceptor';

@ApiTags('users')
@ApiBearerAuth()
@Roles(Role.Admin)
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  list(): Promise<Page<UserResponseDto>> {
    return this.users.list();
  }

  @Post()
  @Idempotent()
  create(@Body() dto: CreateUserDto): Promise<UserResponseDto> {
    return this.users.create(dto);
  }

  @Patch(':id')
  update(@Param('id', uuidPipe()) id: string, @Body() dto: UpdateUserDto): Promise<UserResponseDto> {
    return this.users.update(id, dto);
  }
}
