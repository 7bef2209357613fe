import { PassThrough, Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '../../common/errors/app-error';
import { APP_CONFIG, AppConfig } from '../../config/app.config';
import { attachmentDisposition, exportStamp } from '../spreadsheets/attachment';
import { XlsxWorkbookWriter } from '../spreadsheets/sheet-writer';
import { compareNodes } from './chain.model';
import {
  ChainEnterpriseRecord,
  ChainNodeRecord,
  chainSheetCells,
  ChainTargetRecord,
  ENTERPRISE_SHEET,
  NODE_SHEET,
  TARGET_SHEET,
} from './chain-sheet.columns';
import { ChainsRepository } from './chains.repository';

/** 产业链 as one xlsx workbook (环节 / 本地企业 / 目标企业, declared in chain-sheet.columns.ts) that ChainImportService reads back. */
@Injectable()
export class ChainExportService {
  constructor(
    private readonly chains: ChainsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The chain as a workbook: its nodes upstream to downstream, the local enterprises on them, its targets. */
  async export(industryCode: string): Promise<{ stream: Readable; contentType: string; disposition: string }> {
    const [chain] = await this.chains.chains(industryCode);
    if (!chain) throw AppError.notFound('Chain', industryCode);
    const nodes = (await this.chains.nodes(industryCode)).sort(compareNodes);
    const ids = nodes.map((n) => n.id);
    const [enterprises, targets] = await Promise.all([this.chains.enterprisesOn(ids), this.chains.targetsOn(ids)]);
    const place = new Map(nodes.map((n, i) => [n.id, i]));
    const nodeRecords: ChainNodeRecord[] = nodes.map((n) => ({
      code: n.code,
      name: n.name,
      segment: n.segment,
      sortOrder: n.sortOrder,
      description: n.description,
    }));
    const enterpriseRecords: ChainEnterpriseRecord[] = enterprises.map((e) => ({
      name: e.name,
      creditCode: e.creditCode,
      nodeCodes: e.nodeIds
        .filter((id) => place.has(id))
        .sort((a, b) => place.get(a)! - place.get(b)!)
        .map((id) => nodes[place.get(id)!].code),
      chainLeader: e.chainLeader,
      output: e.output,
      employees: e.employees,
    }));
    // targetsOn answers them oldest first: a stable sort keeps that within each node
    const targetRecords: ChainTargetRecord[] = [...targets]
      .sort((a, b) => place.get(a.nodeId)! - place.get(b.nodeId)!)
      .map((t) => ({
        nodeCode: nodes[place.get(t.nodeId)!].code,
        name: t.name,
        city: t.city,
        creditCode: t.creditCode,
        reason: t.reason,
        tipSource: t.tipSource,
        status: t.status,
      }));

    const out = new PassThrough();
    const book = new XlsxWorkbookWriter(out, this.config.timezone);
    await book.addSheet(NODE_SHEET.name, NODE_SHEET.columns).addRows(nodeRecords.map((r) => chainSheetCells(NODE_SHEET, r)));
    await book
      .addSheet(ENTERPRISE_SHEET.name, ENTERPRISE_SHEET.columns)
      .addRows(enterpriseRecords.map((r) => chainSheetCells(ENTERPRISE_SHEET, r)));
    await book.addSheet(TARGET_SHEET.name, TARGET_SHEET.columns).addRows(targetRecords.map((r) => chainSheetCells(TARGET_SHEET, r)));
    void book.finish().catch((error: Error) => out.destroy(error));
    const stamp = exportStamp(new Date(), this.config.timezone);
    return {
      stream: out,
      contentType: book.contentType,
      disposition: attachmentDisposition(`产业链-${chain.industryName}-${stamp}.xlsx`, `chain-${industryCode}-${stamp}.xlsx`),
    };
  }
}
