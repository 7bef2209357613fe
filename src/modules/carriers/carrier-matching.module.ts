import { Module } from '@nestjs/common';
import { LeadsModule } from '../leads/leads.module';
import { CarriersModule } from './carriers.module';
import { CarrierLeadMatchingController, LeadCarrierMatchingController } from './carrier-matching.controller';
import { CarrierMatchingRepository } from './carrier-matching.repository';
import { CarrierMatchingService } from './carrier-matching.service';
import { CarrierReservationsService } from './carrier-reservations.service';
import { LeadRequirementsService } from './lead-requirements.service';

/** Matching carriers and leads (DESIGN §9): requirements, matches both ways, reservations and their expiry. */
@Module({
  imports: [LeadsModule, CarriersModule],
  controllers: [LeadCarrierMatchingController, CarrierLeadMatchingController],
  providers: [CarrierMatchingRepository, CarrierMatchingService, LeadRequirementsService, CarrierReservationsService],
  exports: [CarrierReservationsService],
})
export class CarrierMatchingModule {}
