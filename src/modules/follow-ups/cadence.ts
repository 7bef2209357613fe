import { LeadStage } from '../leads/lead.enums';

/** Default days until the next follow-up, by stage. */
export const FOLLOW_UP_CADENCE_DAYS: Record<LeadStage, number> = {
  [LeadStage.Lead]: 14,
  [LeadStage.Negotiating]: 7,
  [LeadStage.Signed]: 14,
  [LeadStage.Building]: 30,
  [LeadStage.Operating]: 90,
};

/** The next due time: the one given, else the stage's cadence counted from the follow-up. */
export function nextFollowUpTime(stage: LeadStage, occurredAt: Date, given?: Date | null): Date {
  if (given) return given;
  return new Date(occurredAt.getTime() + FOLLOW_UP_CADENCE_DAYS[stage] * 86_400_000);
}
