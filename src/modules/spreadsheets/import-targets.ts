import { Injectable } from '@nestjs/common';
import { ActualsImportService } from './actuals-import.service';
import { ImportKind, ImportTarget } from './import-target';
import { LeadImportService } from './lead-import.service';

/** Every import target by its kind: the submit and the worker's run find a target here (a queued import keeps its kind). */
@Injectable()
export class ImportTargets {
  private readonly byKind: Readonly<Record<ImportKind, ImportTarget>>;

  constructor(leads: LeadImportService, actuals: ActualsImportService) {
    this.byKind = { leads, actuals };
  }

  /** The target of a kind; absent: leads (imports recorded before there were other kinds). */
  get(kind: ImportKind = 'leads'): ImportTarget {
    return this.byKind[kind];
  }
}
