import { LeadStage } from '../leads/lead.enums';
import { PIPELINE } from '../pipeline/pipeline.model';

/** Default days until the next follow-up, by stage (declared in the pipeline model). */
export const FOLLOW_UP_CADENCE_DAYS: Readonly<Record<LeadStage, number>> = PIPELINE.cadenceDays;

/** The next due time: the one given, else the stage's cadence counted from the follow-up. */
export function nextFollowUpTime(stage: LeadStage, occurredAt: Date, given?: Date | null): Date {
  if (given) return given;
  return new Date(occurredAt.getTime() + FOLLOW_UP_CADENCE_DAYS[stage] * 86_400_000);
}
