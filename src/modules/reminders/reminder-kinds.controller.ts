import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { reminderKindLabels } from './reminder-kinds';

/** The reminder kinds with their console labels, derived from REMINDER_KINDS (a file of its own: /meta grows beside it). */
@ApiTags('reference data')
@ApiBearerAuth()
@Controller('meta')
export class ReminderKindsController {
  @Get('reminder-kinds')
  @ApiOkResponse({ description: 'each reminder kind with its 中文 label and tag tone, in declared order' })
  @ApiUnauthorizedResponse({ description: 'no or expired token' })
  reminderKinds(): ReturnType<typeof reminderKindLabels> {
    return reminderKindLabels();
  }
}
