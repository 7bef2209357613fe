import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ErrorCode } from '../../common/errors/app-error';
import { ApiDoc } from '../../common/openapi/api-doc.decorator';
import { Roles } from '../../common/auth/decorators';
import { Page } from '../../common/pagination/cursor';
import { uuidPipe } from '../../common/validation/validation.pipe';
import { CreateUserDto, UpdateUserDto, UserPageDto, UserResponseDto } from './dto/user.dto';
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
  @ApiDoc('用户列表', 'List users', { description: 'Every user, by username (one page: nextCursor is always null).' })
  @ApiOkResponse({ type: UserPageDto })
  list(): Promise<Page<UserResponseDto>> {
    return this.users.list();
  }

  @Post()
  @Idempotent()
  @ApiDoc('创建用户', 'Create a user', { errors: [ErrorCode.DuplicateUsername] })
  @ApiCreatedResponse({ type: UserResponseDto })
  create(@Body() dto: CreateUserDto): Promise<UserResponseDto> {
    return this.users.create(dto);
  }

  @Patch(':id')
  @ApiDoc('修改用户', 'Update a user', {
    description: 'A new password or a change of `active` ends the user’s tokens; `teamId: null` takes the user out of their team.',
    errors: [ErrorCode.DuplicateUsername, ErrorCode.LastAdmin],
  })
  @ApiOkResponse({ type: UserResponseDto })
  update(@Param('id', uuidPipe()) id: string, @Body() dto: UpdateUserDto): Promise<UserResponseDto> {
    return this.users.update(id, dto);
  }
}
