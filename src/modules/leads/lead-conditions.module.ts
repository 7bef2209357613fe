import { Module } from '@nestjs/common';
import { LeadConditions } from './lead-conditions';

/** The figures' SQL definitions, shared by the lead list, the dashboard and the warnings. */
@Module({ providers: [LeadConditions], exports: [LeadConditions] })
export class LeadConditionsModule {}
