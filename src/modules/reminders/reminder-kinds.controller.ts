import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiDoc } from '../../common/openapi/api-doc.decorator';
import { ReminderKindLabelDto } from './dto/reminders-response.dto';
import { reminderKindLabels } from './reminder-kinds';

/** The reminder kinds with their console labels, derived from REMINDER_KINDS (a file of its own: /meta grows beside it). */
@ApiTags('reference data')
@ApiBearerAuth()
@Controller('meta')
export class ReminderKindsController {
  @Get('reminder-kinds')
  @ApiDoc('提醒类型', 'Reminder kinds')
  @ApiOkResponse({ type: [ReminderKindLabelDto], description: 'each reminder kind with its 中文 label and tag tone, in declared order' })
  reminderKinds(): ReturnType<typeof reminderKindLabels> {
    return reminderKindLabels();
  }
}
