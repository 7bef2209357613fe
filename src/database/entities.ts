import { ConfirmationEvidence } from '../modules/confirmations/confirmation-evidence.entity';
import { LeadConfirmation } from '../modules/confirmations/lead-confirmation.entity';
import { IdempotencyKey } from '../common/idempotency/idempotency-key.entity';
import { Assessment } from '../modules/assessments/assessment.entity';
import { LeadEvent } from '../modules/audit/lead-event.entity';
import { EnterpriseIssue } from '../modules/enterprise-issues/enterprise-issue.entity';
import { AgreementClause } from '../modules/obligations/agreement-clause.entity';
import { Agreement } from '../modules/obligations/agreement.entity';
import { ClauseEvidence } from '../modules/obligations/clause-evidence.entity';
import { ReportedActual } from '../modules/obligations/reported-actual.entity';
import { Notification } from '../modules/notifications/notification.entity';
import { Reminder } from '../modules/reminders/reminder.entity';
import { ImportMapping } from '../modules/spreadsheets/import-mapping.entity';
import { Import, ImportRejectedRow, ImportReportBatch } from '../modules/spreadsheets/import.entity';
import { FollowUp } from '../modules/follow-ups/follow-up.entity';
import { CommissionerAssignment } from '../modules/pipeline/commissioner-assignment.entity';
import { LeadTransition } from '../modules/pipeline/lead-transition.entity';
import { Industry } from '../modules/catalog/industry.entity';
import { Zone } from '../modules/catalog/zone.entity';
import {
  ChainEnterprise,
  ChainEnterpriseNode,
  ChainEnterpriseVisit,
  ChainNode,
  ChainTarget,
  IndustryChain,
} from '../modules/chains/chain.entity';
import { Carrier, CarrierEvent, ZoneOutline } from '../modules/carriers/carrier.entity';
import { CarrierReservation, LeadRequirements } from '../modules/carriers/lead-requirements.entity';
import { LeadCodeCounter } from '../modules/leads/lead-code-counter.entity';
import { Lead } from '../modules/leads/lead.entity';
import { Team } from '../modules/teams/team.entity';
import { User } from '../modules/users/user.entity';

/** Every entity, listed once: the app, the CLI data source and the drift test share this list. */
export const ENTITIES = [
  User,
  Team,
  Industry,
  Zone,
  Lead,
  LeadEvent,
  LeadCodeCounter,
  LeadTransition,
  CommissionerAssignment,
  FollowUp,
  Assessment,
  EnterpriseIssue,
  Reminder,
  Notification,
  Import,
  ImportReportBatch,
  ImportRejectedRow,
  ImportMapping,
  IdempotencyKey,
  Agreement,
  AgreementClause,
  ClauseEvidence,
  ReportedActual,
  Carrier,
  CarrierEvent,
  ZoneOutline,
  LeadRequirements,
  CarrierReservation,
  LeadConfirmation,
  ConfirmationEvidence,
  IndustryChain,
  ChainNode,
  ChainEnterprise,
  ChainEnterpriseNode,
  ChainTarget,
  ChainEnterpriseVisit,
];
