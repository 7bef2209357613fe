import { Initial1795759103960 } from './1795759103960-Initial';
import { Pipeline1795759778657 } from './1795759778657-Pipeline';
import { EnterpriseIssues1795760131159 } from './1795760131159-EnterpriseIssues';
import { Reminders1795760518682 } from './1795760518682-Reminders';
import { TransitionDurations1795761261146 } from './1795761261146-TransitionDurations';
import { Imports1795763397974 } from './1795763397974-Imports';
import { DashboardIndexes1795764496419 } from './1795764496419-DashboardIndexes';
import { DashboardTotals1795800000000 } from './1795800000000-DashboardTotals';
import { CockpitIndexes1795800100000 } from './1795800100000-CockpitIndexes';
import { TokenVersion1795900000000 } from './1795900000000-TokenVersion';
import { ImportIdentity1795900300000 } from './1795900300000-ImportIdentity';
import { IdempotencyKeys1795900400000 } from './1795900400000-IdempotencyKeys';

import { LedgerMapping1796200000001 } from './1796200000001-LedgerMapping';
import { LedgerFinish1796300000000 } from './1796300000000-LedgerFinish';
import { Obligations1796578439114 } from './1796578439114-Obligations';
import { ObligationFigures1796600000000 } from './1796600000000-ObligationFigures';
import { Carriers1796700000000 } from './1796700000000-Carriers';
import { CarrierMatching1796700000001 } from './1796700000001-CarrierMatching';
import { CarrierMatchCovering1796700000002 } from './1796700000002-CarrierMatchCovering';
import { ForecastSnapshots1796800000000 } from './1796800000000-ForecastSnapshots';
import { CreditConfirmations1796900000000 } from './1796900000000-CreditConfirmations';
import { CreditForecastIndexes1797000000000 } from './1797000000000-CreditForecastIndexes';
import { AwaitingConfirmation1797060000000 } from './1797060000000-AwaitingConfirmation';
import { IndustryChains1797100000000 } from './1797100000000-IndustryChains';
import { ChainAftercare1797300000000 } from './1797300000000-ChainAftercare';
import { StallIndexes1797400000000 } from './1797400000000-StallIndexes';
import { SearchScope1797410000000 } from './1797410000000-SearchScope';
import { DashboardCells1797420000000 } from './1797420000000-DashboardCells';
import { DashboardMonths1797430000000 } from './1797430000000-DashboardMonths';
import { DashboardDimensionMonths1797436000000 } from './1797436000000-DashboardDimensionMonths';
import { DashboardCellMonths1797450000000 } from './1797450000000-DashboardCellMonths';
import { DashboardTriggerSetOps1797440000000 } from './1797440000000-DashboardTriggerSetOps';
/** Migrations in order; listed explicitly so the compiled app and Jest (ESM) load the same set. */
export const MIGRATIONS = [
  Initial1795759103960,
  Pipeline1795759778657,
  EnterpriseIssues1795760131159,
  Reminders1795760518682,
  TransitionDurations1795761261146,
  Imports1795763397974,
  DashboardIndexes1795764496419,
  DashboardTotals1795800000000,
  CockpitIndexes1795800100000,
  TokenVersion1795900000000,
  ImportIdentity1795900300000,
  IdempotencyKeys1795900400000,
  LedgerMapping1796200000001,
  LedgerFinish1796300000000,
  Obligations1796578439114,
  ObligationFigures1796600000000,
  Carriers1796700000000,
  CarrierMatching1796700000001,
  CarrierMatchCovering1796700000002,
  ForecastSnapshots1796800000000,
  CreditConfirmations1796900000000,
  CreditForecastIndexes1797000000000,
  AwaitingConfirmation1797060000000,
  IndustryChains1797100000000,
  ChainAftercare1797300000000,
  StallIndexes1797400000000,
  SearchScope1797410000000,
  DashboardCells1797420000000,
  DashboardMonths1797430000000,
  DashboardDimensionMonths1797436000000,
  DashboardTriggerSetOps1797440000000,
  DashboardCellMonths1797450000000,
];
