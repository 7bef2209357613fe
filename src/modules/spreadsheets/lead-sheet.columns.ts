/** How a column's cells are written and read: text, amounts in 万元, plain decimals, whole numbers, dates, date-times. */
export type SheetValueKind = 'text' | 'money' | 'decimal' | 'integer' | 'date' | 'datetime';

/** The properties a lead row carries in a spreadsheet (the export writes them all, the import reads most). */
export type LeadSheetKey =
  | 'code'
  | 'name'
  | 'codeName'
  | 'companyName'
  | 'creditCode'
  | 'industryCode'
  | 'industryName'
  | 'source'
  | 'sourceCity'
  | 'plannedInvestment'
  | 'contractInvestment'
  | 'actualInvestment'
  | 'signedAt'
  | 'agreedStartDate'
  | 'agreedOperatingDate'
  | 'constructionStartedAt'
  | 'operatingAt'
  | 'expectedAnnualOutput'
  | 'expectedAnnualTax'
  | 'expectedJobs'
  | 'landAreaMu'
  | 'zoneCode'
  | 'zoneName'
  | 'keyProjectLevel'
  | 'stage'
  | 'status'
  | 'lostReason'
  | 'lostTo'
  | 'statusNote'
  | 'ownerUsername'
  | 'ownerName'
  | 'commissionerUsername'
  | 'commissionerName'
  | 'teamName'
  | 'nextFollowUpAt'
  | 'lastFollowUpAt'
  | 'contacts';

export interface LeadSheetColumn {
  key: LeadSheetKey;
  /** The Chinese header the export writes and the import matches (with or without the unit in brackets). */
  header: string;
  kind: SheetValueKind;
  /** Column width in characters (xlsx). */
  width: number;
}

const column = (key: LeadSheetKey, header: string, kind: SheetValueKind = 'text', width = 14): LeadSheetColumn => ({ key, header, kind, width });

/** The lead spreadsheet, column by column, in the order the export writes it. */
export const LEAD_SHEET_COLUMNS: readonly LeadSheetColumn[] = [
  column('code', '项目编号', 'text', 16),
  column('name', '项目名称', 'text', 30),
  column('codeName', '项目代号', 'text', 16),
  column('companyName', '企业名称', 'text', 30),
  column('creditCode', '统一社会信用代码', 'text', 22),
  column('industryCode', '产业类别代码', 'text', 12),
  column('industryName', '产业类别', 'text', 18),
  column('source', '招商方式', 'text', 16),
  column('sourceCity', '来源地'),
  column('plannedInvestment', '计划投资额(万元)', 'money', 16),
  column('contractInvestment', '合同投资额(万元)', 'money', 16),
  column('actualInvestment', '实际到位投资(万元)', 'money', 18),
  column('signedAt', '签约日期', 'date', 12),
  column('agreedStartDate', '约定开工日期', 'date', 12),
  column('agreedOperatingDate', '约定投产日期', 'date', 12),
  column('constructionStartedAt', '实际开工日期', 'date', 12),
  column('operatingAt', '实际投产日期', 'date', 12),
  column('expectedAnnualOutput', '预计年产值(万元)', 'money', 16),
  column('expectedAnnualTax', '预计年税收(万元)', 'money', 16),
  column('expectedJobs', '预计就业(人)', 'integer', 12),
  column('landAreaMu', '用地面积(亩)', 'decimal', 12),
  column('zoneCode', '落地区域代码', 'text', 12),
  column('zoneName', '落地区域', 'text', 18),
  column('keyProjectLevel', '重点项目级别', 'text', 12),
  column('stage', '阶段', 'text', 10),
  column('status', '状态', 'text', 8),
  column('lostReason', '终止原因', 'text', 12),
  column('lostTo', '流失去向', 'text', 12),
  column('statusNote', '状态说明', 'text', 24),
  column('ownerUsername', '负责人账号', 'text', 14),
  column('ownerName', '负责人', 'text', 12),
  column('commissionerUsername', '护商专员账号', 'text', 14),
  column('commissionerName', '护商专员', 'text', 12),
  column('teamName', '团队', 'text', 14),
  column('nextFollowUpAt', '下次跟进', 'datetime', 17),
  column('lastFollowUpAt', '最近跟进', 'datetime', 17),
  column('contacts', '联系人', 'text', 40),
];

export const LEAD_SHEET_COLUMN: Record<LeadSheetKey, LeadSheetColumn> = Object.fromEntries(LEAD_SHEET_COLUMNS.map((c) => [c.key, c])) as Record<LeadSheetKey, LeadSheetColumn>;

/** A header cell reduced to what is compared: no BOM or spaces, no trailing unit in brackets, lower case. */
export function normalizeHeader(text: string): string {
  return text
    .replace(/^\uFEFF/, '')
    .replace(/\s+/g, '')
    .replace(/[（(][^（()）]*[)）]$/, '')
    .toLowerCase();
}

const HEADER_LOOKUP = new Map<string, LeadSheetKey>();
for (const c of LEAD_SHEET_COLUMNS) {
  HEADER_LOOKUP.set(normalizeHeader(c.header), c.key);
  HEADER_LOOKUP.set(normalizeHeader(c.key), c.key);
}

/** The column a header cell names (its Chinese header or its English field name), or undefined. */
export function columnForHeader(text: string): LeadSheetKey | undefined {
  return HEADER_LOOKUP.get(normalizeHeader(text));
}
