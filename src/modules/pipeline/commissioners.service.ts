import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { AuthUser } from '../../common/auth/auth-user';
import { AppError } from '../../common/errors/app-error';
import { UnitOfWork } from '../../common/queue/unit-of-work';
import { LeadDetailDto } from '../leads/dto/lead-response.dto';
import { LeadsRepository } from '../leads/leads.repository';
import { LeadsService } from '../leads/leads.service';
import { Role } from '../users/role.enum';
import { UsersRepository } from '../users/users.repository';
import { CommissionerAssignment } from './commissioner-assignment.entity';
import { AssignCommissionerDto } from './dto/assign-commissioner.dto';
import { ReminderScheduler } from '../reminders/reminder-scheduler';

/** Assigns or replaces a lead's 护商专员, keeping the history of who, when and why. */
@Injectable()
export class CommissionersService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly leads: LeadsService,
    private readonly leadsRepository: LeadsRepository,
    private readonly users: UsersRepository,
    private readonly reminders: ReminderScheduler,
  ) {}

  async assign(user: AuthUser, leadId: string, dto: AssignCommissionerDto): Promise<LeadDetailDto> {
    await this.unitOfWork.run(async (manager) => {
      const lead = await this.leads.findVisible(user, leadId, manager, true);
      if (dto.version !== undefined && dto.version !== lead.version) throw AppError.staleVersion(dto.version, lead.version);
      const commissioner = await this.users.findById(dto.commissionerId, manager);
      if (!commissioner || !commissioner.active || !commissioner.roles.includes(Role.Commissioner)) {
        throw AppError.validation('commissionerId must name an active user with the commissioner role', [
          { field: 'commissionerId', errors: ['not an active 护商专员'] },
        ]);
      }
      if (lead.commissionerId === commissioner.id) return;
      const assignments = manager.getRepository(CommissionerAssignment);
      await assignments.update({ leadId, endedAt: IsNull() }, { endedAt: new Date() });
      const inserted = await assignments.insert({
        leadId,
        commissionerId: commissioner.id,
        previousCommissionerId: lead.commissionerId,
        assignedBy: user.id,
        note: dto.note ?? null,
      });
      await this.reminders.assigned(manager, leadId, commissioner.id, (inserted.identifiers[0] as { id: string }).id);
      if (!(await this.leadsRepository.updateVersioned(leadId, lead.version, { commissionerId: commissioner.id }, manager))) {
        throw AppError.staleVersion(lead.version, lead.version + 1);
      }
      await this.leadsRepository.appendEvent(
        {
          leadId,
          kind: 'commissioner_assigned',
          actorId: user.id,
          data: {
            commissionerId: commissioner.id,
            commissionerName: commissioner.displayName,
            previousCommissionerId: lead.commissionerId,
            note: dto.note ?? null,
          },
        },
        manager,
      );
    });
    return this.leads.get(user, leadId);
  }
}
