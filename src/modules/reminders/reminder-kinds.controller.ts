import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { reminderKindLabels } from './reminder-kinds';

/** The reminder kinds with their console labels, derived from REMINDER_KINDS (a file of its own: /meta grows beside it). */
@ApiTags('meta')
@ApiBearerAuth()
@Controller('meta')
export class ReminderKindsController {
  @Get('reminder-kinds')
  reminderKinds(): ReturnType<typeof reminderKindLabels> {
    return reminderKindLabels();
  }
}
