import { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuthUser } from '../../common/auth/auth-user';
import { AppError, ErrorCode } from '../../common/errors/app-error';
import { APP_CONFIG, AppConfig } from '../../config/app.config';
import { CatalogService } from '../catalog/catalog.service';
import { notASpreadsheet } from '../spreadsheets/sheet-errors';
import { detectFormat, inspectSheets, SheetRow } from '../spreadsheets/sheet-reader';
import { SpreadsheetUpload } from '../spreadsheets/spreadsheet-upload';
import { ChainEnterprise, ChainNode, ChainTarget } from './chain.entity';
import { TargetStatus } from './chain.model';
import {
  ChainEnterpriseRecord,
  ChainNodeRecord,
  ChainSheet,
  chainSheetLayout,
  ChainSheetProblem,
  ChainTargetRecord,
  CHAIN_SHEET_FITS,
  CHAIN_SHEETS,
  ENTERPRISE_SHEET,
  missingForNew,
  NODE_SHEET,
  parseChainRow,
  TARGET_SHEET,
} from './chain-sheet.columns';
import { ChainsRepository } from './chains.repository';
import { EnterpriseDirectory } from './enterprise-directory';
import { ChainImportCountsDto, ChainImportReportDto } from './dto/chain-import.dto';

/** A chain is a few dozen nodes and a few hundred firms: each sheet is read whole within the request, up to this many rows. */
export const CHAIN_IMPORT_MAX_ROWS = 5000;
/** The row problems a refusal lists (the total is given too). */
const MAX_LISTED_PROBLEMS = 200;

/** Thrown at the end of a dry run's transaction so that its writes roll back: a dry run checks with the very rules a real run writes by. */
class DryRunRollback extends Error {
  constructor(readonly report: ChainImportReportDto) {
    super('dry run');
  }
}

type Parsed<R> = { row: number; values: Partial<R>; problems: ChainSheetProblem[] };

const counts = (): ChainImportCountsDto => ({ created: 0, updated: 0, unchanged: 0 });
const problem = (sheet: { name: string }, row: number, column: string | null, message: string): ChainSheetProblem => ({
  sheet: sheet.name,
  row,
  column,
  message,
});
/** The column header of a record's field (for problems that are not a cell's own). */
const header = <R>(sheet: ChainSheet<R>, key: keyof R & string) => sheet.columns.find((c) => c.key === key)!.header;
/** The stored fields that differ from a row's values (an empty cell is not in `values`: it changes nothing). */
function changes<T extends object>(stored: T, values: Partial<T>, keys: ReadonlyArray<keyof T>): Partial<T> {
  const changed: Partial<T> = {};
  for (const key of keys) {
    const value = values[key];
    if (value === undefined) continue;
    const current = stored[key];
    const same =
      typeof value === 'number' && typeof current === 'number'
        ? Math.abs(value - current) < 0.005
        : typeof value === 'string' && typeof current === 'string'
          ? value === current.trim()
          : value === current;
    if (!same) changed[key] = value;
  }
  return changed;
}

/**
 * 产业链 from one xlsx workbook (环节 / 本地企业 / 目标企业, declared in chain-sheet.columns.ts; ChainExportService
 * writes it). The import upserts by natural keys (a node by its code within the chain, an enterprise by credit code else by name, a
 * target by node and name) in one transaction: any bad row refuses the whole file (422 listing each problem)
 * and nothing is written; a dry run checks the same way and writes nothing.
 */
@Injectable()
export class ChainImportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly chains: ChainsRepository,
    private readonly catalog: CatalogService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Reads the workbook's three sheets (an absent one is left alone) and upserts their rows in one transaction. */
  async import(user: AuthUser, industryCode: string, upload: SpreadsheetUpload): Promise<ChainImportReportDto> {
    if (!(await this.catalog.industryName(industryCode))) throw AppError.notFound('Industry', industryCode);
    if (detectFormat(upload.data) !== 'xlsx')
      throw notASpreadsheet(
        `产业链须以 xlsx 工作簿导入 (含「${CHAIN_SHEETS.map((s) => s.name).join('」「')}」工作表), 不读取 CSV`,
        'noSheet',
      );
    const sheets = await this.readSheets(upload);
    const nodes = this.parseSheet(sheets.get(NODE_SHEET.name), NODE_SHEET);
    const enterprises = this.parseSheet(sheets.get(ENTERPRISE_SHEET.name), ENTERPRISE_SHEET);
    const targets = this.parseSheet(sheets.get(TARGET_SHEET.name), TARGET_SHEET);
    if (!nodes && !enterprises && !targets)
      throw notASpreadsheet(`工作簿中没有「${CHAIN_SHEETS.map((s) => s.name).join('」「')}」中的任何一个工作表`, 'noSheet');

    try {
      return await this.dataSource.transaction(async (manager) => {
        await this.chains.lockChain(industryCode, manager);
        await this.chains.ensureChain(industryCode, manager);
        const problems: ChainSheetProblem[] = [];
        const report: ChainImportReportDto = {
          industryCode,
          dryRun: upload.dryRun === true,
          nodes: counts(),
          enterprises: counts(),
          targets: counts(),
        };
        const known = await this.importNodes(industryCode, nodes ?? [], report.nodes, problems, manager);
        await this.importEnterprises(known, enterprises ?? [], report.enterprises, problems, manager);
        await this.importTargets(user, known, targets ?? [], report.targets, problems, manager);
        if (problems.length) throw refused(problems);
        if (report.dryRun) throw new DryRunRollback(report);
        return report;
      });
    } catch (error) {
      if (error instanceof DryRunRollback) return error.report;
      throw error;
    }
  }

  /**
   * The workbook's sheets in one read, each chain sheet's non-blank rows by its name. A sheet of another name (a
   * user's renamed or re-saved Sheet1) is taken for the chain sheet whose columns its header row holds (all required
   * ones, and more of them than of any other sheet's).
   */
  private async readSheets(upload: SpreadsheetUpload): Promise<Map<string, SheetRow[]>> {
    const found = await inspectSheets(
      () => Readable.from(upload.data),
      'xlsx',
      (rows) => rows,
      {
        firstRows: CHAIN_IMPORT_MAX_ROWS + 1,
        timeoutMs: this.config.importReadTimeoutMs,
      },
    );
    const tooLong = found.find((f) => f.rows > CHAIN_IMPORT_MAX_ROWS + 1);
    if (tooLong) {
      const reason = `工作表「${tooLong.name}」超过 ${CHAIN_IMPORT_MAX_ROWS} 行`;
      throw new AppError(ErrorCode.PayloadTooLarge, `表格太大, 无法导入: ${reason}`, { limit: 'rows', max: CHAIN_IMPORT_MAX_ROWS, reason });
    }
    const sheets = new Map<string, SheetRow[]>();
    for (const f of found) if (CHAIN_SHEETS.some((s) => s.name === f.name) && !sheets.has(f.name)) sheets.set(f.name, f.look);
    for (const f of found) {
      if (CHAIN_SHEETS.some((s) => s.name === f.name) || !f.look.length) continue;
      const scores = CHAIN_SHEET_FITS.filter((s) => !sheets.has(s.name))
        .map((s) => ({ name: s.name, score: s.fit(f.look[0].cells) }))
        .filter((x) => x.score > 0)
        .sort((a, b) => b.score - a.score);
      if (scores.length && (scores.length === 1 || scores[0].score > scores[1].score)) sheets.set(scores[0].name, f.look);
    }
    return sheets;
  }

  /** A sheet's rows parsed, with the problems of its header or cells; null when the workbook has no such sheet. */
  private parseSheet<R>(rows: SheetRow[] | undefined, sheet: ChainSheet<R>): Array<Parsed<R>> | null {
    if (!rows) return null;
    const [head, ...data] = rows;
    if (!head) return [];
    const layout = chainSheetLayout(sheet, head.cells);
    if (Array.isArray(layout)) return [{ row: head.number, values: {}, problems: layout }];
    return data.map((row) => ({ row: row.number, ...parseChainRow(sheet, layout, row) }));
  }

  /** Upserts the nodes by code; answers every code the other sheets may name (the chain's nodes, and the file's new ones). */
  private async importNodes(
    industryCode: string,
    rows: Array<Parsed<ChainNodeRecord>>,
    tally: ChainImportCountsDto,
    problems: ChainSheetProblem[],
    manager: EntityManager,
  ): Promise<Map<string, ChainNode | null>> {
    const known = new Map<string, ChainNode | null>((await this.chains.nodes(industryCode, manager)).map((n) => [n.code, n]));
    const newCodes = rows.flatMap((r) => (r.values.code && !known.has(r.values.code) ? [r.values.code] : []));
    const elsewhere = new Map((await this.chains.nodesByCode(newCodes, manager)).map((n) => [n.code, n.industryCode]));
    const seen = new Map<string, number>();
    for (const { row, values, problems: own } of rows) {
      problems.push(...own);
      const code = values.code;
      if (!code) continue;
      const column = header(NODE_SHEET, 'code');
      if (seen.has(code)) {
        problems.push(problem(NODE_SHEET, row, column, `环节编码 ${code} 与第 ${seen.get(code)} 行重复`));
        continue;
      }
      seen.set(code, row);
      if (elsewhere.has(code)) {
        problems.push(problem(NODE_SHEET, row, column, `环节编码 ${code} 已是产业链 ${elsewhere.get(code)} 的环节`));
        continue;
      }
      const existing = known.get(code);
      if (!existing) {
        const missing = missingForNew(NODE_SHEET, values, row).filter((m) => !own.some((o) => o.column === m.column));
        problems.push(...missing);
        // a bad row's code still counts as named, so the other sheets' rows naming it are not refused for it too
        if (own.length || missing.length) {
          known.set(code, null);
          continue;
        }
        const created = await manager.save(ChainNode, {
          code,
          industryCode,
          segment: values.segment!,
          name: values.name!,
          description: values.description ?? null,
          sortOrder: values.sortOrder ?? 0,
        });
        known.set(code, created);
        tally.created++;
        continue;
      }
      if (own.length) continue;
      const changed = changes<ChainNodeRecord>(existing, values, ['name', 'segment', 'sortOrder', 'description']);
      if (Object.keys(changed).length) {
        await manager.save(ChainNode, { ...existing, ...changed });
        tally.updated++;
      } else tally.unchanged++;
    }
    return known;
  }

  /** Upserts the local enterprises by credit code, else by name; their nodes on this chain become the row's. */
  private async importEnterprises(
    known: Map<string, ChainNode | null>,
    rows: Array<Parsed<ChainEnterpriseRecord>>,
    tally: ChainImportCountsDto,
    problems: ChainSheetProblem[],
    manager: EntityManager,
  ): Promise<void> {
    const scope = [...known.values()].flatMap((n) => (n ? [n.id] : []));
    const named = rows.filter((r) => r.values.name);
    const directory = await EnterpriseDirectory.load(
      named.flatMap((r) => (r.values.creditCode ? [r.values.creditCode] : [])),
      named.map((r) => r.values.name!),
      scope,
      manager,
    );
    const seen = new Map<string, number>();
    for (const { row, values, problems: own } of rows) {
      problems.push(...own);
      const unknown = (values.nodeCodes ?? []).filter((code) => !known.has(code));
      if (unknown.length)
        problems.push(
          problem(ENTERPRISE_SHEET, row, header(ENTERPRISE_SHEET, 'nodeCodes'), `不是本产业链的环节编码: ${unknown.join('、')}`),
        );
      if (!values.name) continue;
      const key = values.creditCode ?? `name:${values.name}`;
      if (seen.has(key)) {
        const column = header(ENTERPRISE_SHEET, values.creditCode ? 'creditCode' : 'name');
        problems.push(problem(ENTERPRISE_SHEET, row, column, `与第 ${seen.get(key)} 行是同一家企业`));
        continue;
      }
      seen.set(key, row);
      if (own.length || unknown.length) continue;

      const found = directory.find(values);
      if (found === 'ambiguous') {
        problems.push(problem(ENTERPRISE_SHEET, row, header(ENTERPRISE_SHEET, 'name'), '已登记多家同名企业, 请填写统一社会信用代码以区分'));
        continue;
      }
      const nodeIds = values.nodeCodes!.map((code) => known.get(code)?.id).filter((id): id is string => !!id);
      if (!found) {
        directory.create(
          {
            name: values.name,
            creditCode: values.creditCode ?? null,
            chainLeader: values.chainLeader ?? false,
            output: values.output ?? null,
            employees: values.employees ?? null,
          },
          nodeIds,
        );
        tally.created++;
        continue;
      }
      const changed = changes<ChainEnterprise>(found, values, ['name', 'creditCode', 'chainLeader', 'output', 'employees']);
      const current = directory.chainNodes(found.id);
      const nodesChanged = current.size !== nodeIds.length || nodeIds.some((id) => !current.has(id));
      if (Object.keys(changed).length) await directory.update(found, changed, manager);
      if (nodesChanged) directory.setNodes(found.id, nodeIds);
      if (Object.keys(changed).length || nodesChanged) tally.updated++;
      else tally.unchanged++;
    }
    await directory.flush(manager);
  }

  /** Upserts the targets by node and name; a converted target is not changed, and the status changes only by conversion. */
  private async importTargets(
    user: AuthUser,
    known: Map<string, ChainNode | null>,
    rows: Array<Parsed<ChainTargetRecord>>,
    tally: ChainImportCountsDto,
    problems: ChainSheetProblem[],
    manager: EntityManager,
  ): Promise<void> {
    const nodeIds = [...known.values()].flatMap((n) => (n ? [n.id] : []));
    const stored = new Map<string, ChainTarget>();
    for (const t of await this.chains.targetsOn(nodeIds, manager)) {
      const key = `${t.nodeId} ${t.name.trim()}`;
      if (!stored.has(key)) stored.set(key, t);
    }
    const statusColumn = header(TARGET_SHEET, 'status');
    const seen = new Map<string, number>();
    for (const { row, values, problems: own } of rows) {
      problems.push(...own);
      const { nodeCode, name } = values;
      if (nodeCode && !known.has(nodeCode))
        problems.push(problem(TARGET_SHEET, row, header(TARGET_SHEET, 'nodeCode'), `不是本产业链的环节编码: ${nodeCode}`));
      if (!nodeCode || !name) continue;
      const fileKey = `${nodeCode} ${name}`;
      if (seen.has(fileKey)) {
        problems.push(problem(TARGET_SHEET, row, header(TARGET_SHEET, 'name'), `与第 ${seen.get(fileKey)} 行是同一环节的同一家企业`));
        continue;
      }
      seen.set(fileKey, row);
      const node = known.get(nodeCode);
      if (own.length || !node) continue;

      const existing = stored.get(`${node.id} ${name}`);
      const status = existing?.status ?? TargetStatus.Open;
      if (values.status !== undefined && values.status !== status) {
        problems.push(problem(TARGET_SHEET, row, statusColumn, '状态由「转为线索」设置, 导入不修改'));
        continue;
      }
      if (!existing) {
        await manager.save(ChainTarget, {
          nodeId: node.id,
          name,
          city: values.city ?? null,
          creditCode: values.creditCode ?? null,
          reason: values.reason ?? null,
          tipSource: values.tipSource ?? null,
          status: TargetStatus.Open,
          createdBy: user.id,
        });
        tally.created++;
        continue;
      }
      const changed = changes<ChainTarget>(existing, values, ['city', 'creditCode', 'reason', 'tipSource']);
      if (!Object.keys(changed).length) {
        tally.unchanged++;
      } else if (existing.status !== TargetStatus.Open) {
        problems.push(problem(TARGET_SHEET, row, null, '已转为线索的目标企业不再修改 (由其线索跟进)'));
      } else {
        await manager.save(ChainTarget, { ...existing, ...changed });
        tally.updated++;
      }
    }
  }
}

/** 422 listing the rows' problems (the first MAX_LISTED_PROBLEMS, with the total): nothing was written. */
function refused(problems: ChainSheetProblem[]): AppError {
  const first = problems[0];
  return new AppError(
    ErrorCode.UnprocessableEntity,
    `导入未执行, 未写入任何数据: 共 ${problems.length} 处错误, 如「${first.sheet}」第 ${first.row} 行${first.column ? `「${first.column}」` : ''}: ${first.message}`,
    {
      rows: problems.slice(0, MAX_LISTED_PROBLEMS),
      ...(problems.length > MAX_LISTED_PROBLEMS ? { moreRows: problems.length - MAX_LISTED_PROBLEMS } : {}),
    },
  );
}
