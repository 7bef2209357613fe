import { controlCharacterMessage, forbiddenControlCharacterAt } from '../../common/validation/plain-text';
import { isValidCreditCode, normalizeCreditCode } from '../leads/credit-code';
import { LeadContact } from '../leads/lead.entity';
import { KeyProjectLevel, LeadSource, LeadStage, LeadStatus, LostReason, STAGE_LABELS, STAGE_ORDER } from '../leads/lead.enums';
import { LEAD_FIELDS, LeadFieldSpec } from '../leads/lead.model';
import { missingGateFields } from '../pipeline/lead-stage.machine';
import { PIPELINE } from '../pipeline/pipeline.model';
import { LEAD_SHEET_COLUMN, LEAD_SHEET_COLUMNS, LeadSheetKey } from './lead-sheet.columns';
import { headerCells, mapColumns, MappingOverride, SheetHeader, SheetLayout } from './lead-sheet.mapping';
import { notASpreadsheet, SheetCell, SheetRow } from './sheet-reader';
import { quantityOf } from './sheet-units';
import { Read, readChoice, readDay, readInstant, readNumber, readText } from './sheet-values';

export type { SheetHeader, SheetLayout } from './lead-sheet.mapping';

/** The columns of a header line, by their Chinese header, an alias or the English field name (the first of a repeated field counts). */
export function matchHeader(row: SheetRow, override?: MappingOverride): SheetLayout {
  return mapColumns(headerCells(row.cells), [row.number], override);
}

/** A header the import can work with names the lead's required columns; otherwise the file is refused (400). */
export function checkHeader(header: SheetHeader): void {
  const missing: string[] = [];
  if (!header.has('name')) missing.push(LEAD_SHEET_COLUMN.name.header);
  if (!header.has('companyName')) missing.push(LEAD_SHEET_COLUMN.companyName.header);
  if (!header.has('industryCode') && !header.has('industryName')) missing.push(LEAD_SHEET_COLUMN.industryCode.header);
  if (!header.has('source')) missing.push(LEAD_SHEET_COLUMN.source.header);
  if (missing.length) throw notASpreadsheet(`表头缺少必需的列: ${missing.join('、')}`, 'noHeader');
}

/**
 * The lead fields a row carries: every imported field of the model by its key (lead.model.ts); typed
 * here where the import reads one by name. What the import writes besides owner, commissioner and team.
 */
export type ImportedLead = Record<string, unknown> & {
  name: string;
  companyName: string;
  creditCode: string | null;
  industryCode: string;
  source: LeadSource;
  zoneCode: string | null;
  keyProjectLevel: KeyProjectLevel;
  contacts: LeadContact[];
  stage: LeadStage;
  status: LeadStatus;
  lostReason: LostReason | null;
  lostTo: string | null;
  statusNote: string | null;
  nextFollowUpAt: Date | null;
};

export interface ParsedLeadRow {
  row: number;
  lead: ImportedLead;
  /** The normalized credit code when it is a valid one (what duplicates are found by). */
  creditCode: string | null;
  ownerUsername: string | null;
  /** 负责人 / 护商专员 / 团队 by name (display name or account), resolved by the caller. */
  ownerName: string | null;
  commissionerUsername: string | null;
  commissionerName: string | null;
  teamName: string | null;
  /** 首引人账号: a user referrer's account, resolved by the caller with the referrer's rules (lead-referrer.ts). */
  referrerUsername: string | null;
  errors: string[];
  warnings: string[];
}

/** What a row is checked against besides itself. */
export interface RowContext {
  timeZone: string;
  industries: ReadonlyMap<string, string>;
  zones: ReadonlyMap<string, string>;
  /** Other names of zones (北区), alias → code: the catalog's declaration. */
  zoneAliases: ReadonlyMap<string, string>;
}

/** The header of a column, or of the column that holds a field (a gate field such as ownerId is given by its account column). */
export const headerOf = (key: string): string =>
  (LEAD_SHEET_COLUMN[key] ?? LEAD_SHEET_COLUMNS.find((c) => c.field?.key === key))?.header ?? key;

/** Long texts that may keep tab and line breaks (the contacts column separates contacts by lines); every other column is one line. */
const MULTILINE_COLUMNS: ReadonlySet<LeadSheetKey> = new Set(
  LEAD_SHEET_COLUMNS.filter((c) => c.field?.kind === 'multilineText' || c.field?.kind === 'contacts').map((c) => c.key),
);

/** Columns read with their own rules below (codes beside names, people, the credit code, contacts); every other imported field is read by its kind. */
const READ_BY_HAND = new Set([
  'creditCode',
  'industryCode',
  'zoneCode',
  'ownerId',
  'commissionerId',
  'teamId',
  'referrerUserId',
  'contacts',
]);
const READ_BY_KIND = LEAD_FIELDS.filter((f) => f.sheet?.imported && !READ_BY_HAND.has(f.key));

/** Every text the row would store passes the one plain-text rule (no NUL or other control characters), each refusal naming its column. */
function plainTextErrors(row: SheetRow, header: SheetHeader): string[] {
  const errors: string[] = [];
  for (const [key, index] of header) {
    const text = readText(row.cells[index] ?? null);
    const multiline = MULTILINE_COLUMNS.has(key);
    if (text !== null && forbiddenControlCharacterAt(text, multiline) !== -1)
      errors.push(controlCharacterMessage(LEAD_SHEET_COLUMN[key].header, multiline));
  }
  return errors;
}

const PHONE = /^[0-9+\-() ]{5,32}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** `姓名 / 职务 / 电话 / 邮箱`, several separated by `；` or line breaks (the export's form); title, phone and email are told apart by their shape. */
export function parseContacts(text: string | null): Read<LeadContact[]> {
  if (text === null) return { value: [] };
  const contacts: LeadContact[] = [];
  for (const entry of text
    .split(/[;；\r\n]+/)
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [name, ...rest] = contactParts(entry);
    if (!name || name.length > 64) return { problem: `「${entry}」缺少姓名或姓名过长 (姓名 / 职务 / 电话 / 邮箱)` };
    const contact: LeadContact = { name };
    for (const part of rest.filter(Boolean)) {
      if (part.includes('@')) {
        if (!EMAIL.test(part)) return { problem: `「${part}」不是邮箱地址` };
        contact.email = part;
      } else if (/^[0-9+\-() ]+$/.test(part)) {
        if (!PHONE.test(part)) return { problem: `「${part}」不是电话号码` };
        contact.phone = part;
      } else if (part.length > 64) {
        return { problem: `职务「${part.slice(0, 10)}…」过长` };
      } else {
        contact.title = part;
      }
    }
    contacts.push(contact);
  }
  if (contacts.length > 20) return { problem: '最多 20 个联系人' };
  return { value: contacts };
}

/** A mobile number glued to a name: 张三13800000000. */
const NAME_THEN_MOBILE = /^(\D+?)\s*(\+?86[- ]?)?(1\d{10})$/;

/**
 * The parts of one contact: `姓名 / 职务 / 电话 / 邮箱` (the export's form), or as a clerk types them, separated
 * by spaces or commas (`张三 13800000000`, `张三，经理，138…`), a mobile glued to the name split off.
 */
function contactParts(entry: string): string[] {
  const parts = (/[/／]/.test(entry) ? entry.split(/[/／]/) : entry.split(/[\s,，、]+/)).map((s) => s.trim()).filter(Boolean);
  const glued = parts.length ? NAME_THEN_MOBILE.exec(parts[0]) : null;
  if (glued) parts.splice(0, 1, glued[1].trim(), `${glued[2] ?? ''}${glued[3]}`);
  return parts;
}

/** The export's form of a contact list. */
export function formatContacts(contacts: LeadContact[] | null | undefined): string {
  return (contacts ?? [])
    .map((c) => [c.name, c.title, c.phone, c.email].filter((part) => part !== null && part !== undefined && part !== '').join(' / '))
    .join('；');
}

/**
 * Reads and checks one row as POST /leads and the transitions would: required fields, lengths, the
 * credit code's check character, catalog codes, choices, numbers, dates and their order, the gate data
 * of every stage up to the row's, and the status's reason. People (owner, commissioner) and duplicates
 * are checked by the caller, which knows the database and the importer.
 */
export function parseLeadRow(row: SheetRow, layout: SheetLayout, context: RowContext): ParsedLeadRow {
  const header = layout.header;
  const errors: string[] = plainTextErrors(row, header);
  const warnings: string[] = [];
  const cell = (key: LeadSheetKey): SheetCell => {
    const index = header.get(key);
    return index === undefined ? null : (row.cells[index] ?? null);
  };
  // a column key, or a gate field (ownerId, commissionerId) that headerOf names by its column
  const fail = (key: string, problem: string) => errors.push(`${headerOf(key)}: ${problem}`);
  const take = <T>(key: LeadSheetKey, read: Read<T>, fallback: T): T => {
    if ('problem' in read) {
      fail(key, read.problem);
      return fallback;
    }
    if (read.note) warnings.push(`${headerOf(key)}: ${read.note}`);
    return read.value;
  };
  const text = (key: LeadSheetKey, max: number, required = false): string | null => {
    const value = readText(cell(key));
    if (value === null) {
      if (required) fail(key, '必填');
      return null;
    }
    if (value.length > max) fail(key, `不能超过 ${max} 个字`);
    return value;
  };
  const byKind = (field: LeadFieldSpec): unknown => {
    const key = field.key;
    const required = field.create === 'required';
    switch (field.kind) {
      case 'money':
      case 'decimal':
      case 'integer':
        return take(
          key,
          readNumber(cell(key), {
            decimals: field.kind === 'integer' ? 0 : 2,
            max: field.max ?? 0,
            quantity: quantityOf(field),
            unit: layout.units.get(key) ?? field.unit,
          }),
          null,
        );
      case 'date':
        return take(key, readDay(cell(key)), null);
      case 'instant':
        return take(key, readInstant(cell(key), context.timeZone), null);
      case 'enum': {
        const read = readChoice(cell(key), field.choices ?? {}, field.aliases);
        if (required && 'value' in read && read.value === null) fail(key, '必填');
        return take(key, read, null) ?? field.default ?? (required ? Object.keys(field.choices ?? {})[0] : null);
      }
      default:
        return text(key, field.max ?? 0, required) ?? (required ? '' : null);
    }
  };

  const lead = Object.fromEntries(READ_BY_KIND.map((field) => [field.key, byKind(field)])) as ImportedLead;

  let creditCode: string | null = null;
  const rawCreditCode = readText(cell('creditCode'));
  if (rawCreditCode !== null) {
    const normalized = normalizeCreditCode(rawCreditCode);
    if (isValidCreditCode(normalized)) creditCode = normalized;
    else if (/^\d(\.\d+)?e\+?\d+$/i.test(rawCreditCode.trim()) || typeof cell('creditCode') === 'number')
      fail(
        'creditCode',
        `信用代码被表格软件改成了科学计数法或数字 (「${rawCreditCode}」), 原来的 18 位已无法还原: 请把该列设为「文本」后重新填写`,
      );
    else fail('creditCode', `「${rawCreditCode}」不是有效的统一社会信用代码 (18 位, GB 32100-2015 校验位)`);
  }

  let industryCode = readText(cell('industryCode'));
  const industryName = readText(cell('industryName'));
  if (industryCode === null && industryName !== null) industryCode = codeByName(context.industries, industryName);
  if (industryCode === null)
    fail(industryName === null ? 'industryCode' : 'industryName', industryName === null ? '必填' : `「${industryName}」不在产业目录中`);
  else if (!context.industries.has(industryCode)) fail('industryCode', `「${industryCode}」不在产业目录中 (GET /industries)`);
  else checkNameAgrees('industryCode', 'industryName', industryCode, industryName, context.industries, new Map(), fail);

  let zoneCode = readText(cell('zoneCode'));
  const zoneName = readText(cell('zoneName'));
  if (zoneCode === null && zoneName !== null) {
    zoneCode = codeByName(context.zones, zoneName, context.zoneAliases);
    if (zoneCode === null) fail('zoneName', `「${zoneName}」不是落地区域或园区`);
  } else if (zoneCode !== null && !context.zones.has(zoneCode)) {
    fail('zoneCode', `「${zoneCode}」不是落地区域或园区代码 (GET /zones)`);
  } else if (zoneCode !== null) {
    checkNameAgrees('zoneCode', 'zoneName', zoneCode, zoneName, context.zones, context.zoneAliases, fail);
  }

  lead.creditCode = creditCode;
  lead.industryCode = industryCode ?? '';
  lead.zoneCode = zoneCode;
  lead.contacts = take('contacts', parseContacts(readText(cell('contacts'))), []);
  const ownerUsername = readText(cell('ownerUsername'));
  const ownerName = readText(cell('ownerName'));
  const commissionerUsername = readText(cell('commissionerUsername'));
  const commissionerName = readText(cell('commissionerName'));
  const teamName = readText(cell('teamName'));
  const referrerUsername = readText(cell('referrerUsername'));

  checkStageData(lead, commissionerUsername ?? commissionerName, fail, warnings);
  checkStatus(lead, fail);
  if (lead.status === LeadStatus.Lost) lead.nextFollowUpAt = null;
  return {
    row: row.number,
    lead,
    creditCode,
    ownerUsername,
    ownerName,
    commissionerUsername,
    commissionerName,
    teamName,
    referrerUsername,
    errors,
    warnings,
  };
}

/** The gate data of every stage up to the row's (STAGE_GATES), no stage's entry date beyond it, and dates in order (the pipeline model). */
function checkStageData(
  lead: ImportedLead,
  commissionerUsername: string | null,
  fail: (key: string, problem: string) => void,
  warnings: string[],
): void {
  const reached = STAGE_ORDER.indexOf(lead.stage);
  // the owner defaults to the importer, so the 洽谈 gate always holds; the commissioner is checked by username here and resolved later
  const data: Record<string, unknown> = { ...lead, ownerId: 'importer', commissionerId: commissionerUsername };
  const label = STAGE_LABELS[lead.stage];
  // the 线索 gate (company, industry, source) is the required fields, already checked
  for (const stage of STAGE_ORDER.slice(1, reached + 1)) {
    for (const field of missingGateFields(stage, data, false, true))
      fail(field, `阶段为「${label}」的项目必填 (进入「${STAGE_LABELS[stage]}」阶段的条件)`);
  }
  for (const [field, setBy] of PIPELINE.transitionDates) {
    if (lead[field] !== null && reached < STAGE_ORDER.indexOf(setBy))
      fail(field, `阶段为「${label}」的项目不应填写 (进入「${STAGE_LABELS[setBy]}」阶段时才有)`);
  }
  for (const { earlier, later, earlierValue } of PIPELINE.datesOutOfOrder(data))
    fail(later, `不能早于${headerOf(earlier)} (${earlierValue})`);
  if (lead.keyProjectLevel !== KeyProjectLevel.None && STAGE_ORDER.slice(0, reached + 1).some((stage) => PIPELINE.needsAssessment(stage))) {
    warnings.push(`${LEAD_SHEET_COLUMN.keyProjectLevel.header}: 重点项目的事前评估不随台账导入, 请在项目页补录评估`);
  }
}

/** 暂缓 needs its reason; 终止 needs a reason code, the note, and where it went when it chose another location. */
function checkStatus(lead: ImportedLead, fail: (key: string, problem: string) => void): void {
  if (lead.status === LeadStatus.Lost) {
    if (!lead.lostReason) fail('lostReason', '状态为「终止」的项目必填');
    if (lead.lostReason === LostReason.ChoseOtherLocation && !lead.lostTo) fail('lostTo', '终止原因为「落户他地」时必填');
    if (!lead.statusNote) fail('statusNote', '状态为「终止」的项目必填 (终止说明)');
    return;
  }
  if (lead.status === LeadStatus.OnHold && !lead.statusNote) fail('statusNote', '状态为「暂缓」的项目必填 (暂缓原因)');
  if (lead.lostReason) fail('lostReason', '只有状态为「终止」的项目填写');
  if (lead.lostTo) fail('lostTo', '只有状态为「终止」的项目填写');
}

/** Names compared as a clerk writes them: full-width forms folded, spaces dropped, every dash (—, –, －, -) alike. */
const comparableName = (name: string): string =>
  name
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/[\u2010-\u2015\u2212\uFE58\uFE63-]/g, '-');

/** The code of a catalog entry by its name or one of its aliases; null when none (or two) have it. */
function codeByName(names: ReadonlyMap<string, string>, name: string, aliases: ReadonlyMap<string, string> = new Map()): string | null {
  const wanted = comparableName(name);
  let found: string | null = null;
  for (const [code, candidate] of names) {
    if (comparableName(candidate) !== wanted) continue;
    if (found !== null) return null; // ambiguous: the code column must say
    found = code;
  }
  if (found !== null) return found;
  for (const [alias, code] of aliases) if (comparableName(alias) === wanted) return code;
  return null;
}

/**
 * A code column and its name column disagree (an edited export where only the name was changed): an
 * error naming both, never the code silently winning over the edit.
 */
function checkNameAgrees(
  codeKey: LeadSheetKey,
  nameKey: LeadSheetKey,
  code: string,
  name: string | null,
  names: ReadonlyMap<string, string>,
  aliases: ReadonlyMap<string, string>,
  fail: (key: string, problem: string) => void,
): void {
  if (
    name === null ||
    codeByName(new Map([[code, names.get(code) ?? '']]), name, new Map([...aliases].filter(([, c]) => c === code))) === code
  )
    return;
  fail(
    nameKey,
    `「${name}」与${headerOf(codeKey)}「${code}」(${names.get(code)}) 不一致; 改${headerOf(nameKey)}时请同时改或清空${headerOf(codeKey)}`,
  );
}
