import { AuthUser, seesEverything } from '../../common/auth/auth-user';
import { AppError, ErrorCode, FieldError } from '../../common/errors/app-error';
import { refusedPlacement } from '../leads/lead-access';
import { REFERRER_KEYS, referrerAfter, ReferrerValues, resolveReferrer } from '../leads/lead-referrer';
import { Role } from '../users/role.enum';
import { ImportTeam, ImportUser, LeadImportRepository } from './lead-import.repository';
import { headerOf, ParsedLeadRow } from './lead-row.parser';
import { LEAD_SHEET_COLUMN } from './lead-sheet.columns';

/** A row with its people found: where the new lead goes and who follows it. */
export interface ResolvedRow {
  parsed: ParsedLeadRow;
  owner: { id: string; teamId: string | null };
  /** The row's 团队, else the owner's team. */
  teamId: string | null;
  commissionerId: string | null;
  /** The row's 首引人 as the API would store it (resolveReferrer); null when the row names none. */
  referrer: ReferrerValues | null;
}

/**
 * The people an import's rows name, for one run: users by account or display name and teams by name, each looked up
 * once (the cache lives as long as the run), checked by the API's rules for who may place a lead where.
 */
export class ImportPeople {
  /** Users by lower-case account and by display name. */
  private readonly users = new Map<string, ImportUser[]>();
  private readonly teams = new Map<string, ImportTeam | null>();
  /** The same users by id (a 首引人 is checked by id). */
  private readonly byId = new Map<string, ImportUser>();

  constructor(
    private readonly repository: LeadImportRepository,
    private readonly importer: AuthUser,
  ) {}

  /**
   * Owner, commissioner and team by account or by name (display name or account; a name two users share
   * is an error naming them), looked up once per run. The owner defaults to the importer, the team to the
   * owner's team; commissioners only from leaders and admins.
   */
  async resolve(parsed: ParsedLeadRow[]): Promise<Map<ParsedLeadRow, ResolvedRow>> {
    const wanted = new Set<string>();
    const teams = new Set<string>();
    for (const p of parsed) {
      for (const name of [p.ownerUsername, p.ownerName, p.commissionerUsername, p.commissionerName, p.referrerUsername])
        if (name && !this.users.has(userKey(name))) wanted.add(name);
      if (p.teamName && !this.teams.has(p.teamName)) teams.add(p.teamName);
    }
    if (wanted.size) {
      const found = await this.repository.usersByNames([...wanted]);
      for (const user of found) this.byId.set(user.id, user);
      for (const name of wanted)
        this.users.set(
          userKey(name),
          found.filter((u) => u.username === name.toLowerCase() || u.displayName === name),
        );
    }
    if (teams.size) {
      const found = await this.repository.teamsByName([...teams]);
      for (const name of teams) this.teams.set(name, found.find((t) => t.name === name) ?? null);
    }
    const mayAssign = seesEverything(this.importer);
    const resolved = new Map<ParsedLeadRow, ResolvedRow>();
    for (const p of parsed) {
      const ownerUser = this.person(p, 'owner');
      const owner = ownerUser ? { id: ownerUser.id, teamId: ownerUser.teamId } : { id: this.importer.id, teamId: this.importer.teamId };
      let teamId = owner.teamId;
      if (p.teamName) {
        const team = this.teams.get(p.teamName);
        if (team) teamId = team.id;
        else p.errors.push(`${LEAD_SHEET_COLUMN.teamName.header}: 「${p.teamName}」不是团队名称`);
      }
      const ownerHeader = LEAD_SHEET_COLUMN[p.ownerUsername ? 'ownerUsername' : 'ownerName'].header;
      // the lead goes to its owner's team (or the one the row names): the API's rule for who may set team and owner
      const refused = refusedPlacement(this.importer, { teamId: p.teamName ? teamId : undefined, owner });
      if (refused.includes('ownerId')) p.errors.push(`${ownerHeader}: 只能指定本人或本团队的在职成员为负责人`);
      if (refused.includes('teamId')) p.errors.push(`${LEAD_SHEET_COLUMN.teamName.header}: 只能导入到本团队`);
      if (!ownerUser && teamId === null && !p.errors.length)
        p.warnings.push(
          `${LEAD_SHEET_COLUMN.ownerName.header}: 未填写, 项目由导入人负责且不属于任何团队 (只有领导和管理员可见); 请填写负责人或团队`,
        );
      let commissionerId: string | null = null;
      if (p.commissionerUsername || p.commissionerName) {
        const header = LEAD_SHEET_COLUMN[p.commissionerUsername ? 'commissionerUsername' : 'commissionerName'].header;
        if (!mayAssign) p.errors.push(`${header}: 只有领导或管理员可以通过导入指派护商专员`);
        else {
          const user = this.person(p, 'commissioner');
          if (user && !user.roles.includes(Role.Commissioner))
            p.errors.push(`${header}: 「${user.displayName}」(${user.username}) 不是护商专员`);
          else if (user) commissionerId = user.id;
        }
      }
      resolved.set(p, { parsed: p, owner, teamId, commissionerId, referrer: await this.referrer(p) });
    }
    return resolved;
  }

  /**
   * The row's 首引人 by the API's rules (resolveReferrer): a user referrer is named by account (首引人账号) and must
   * be active, an outside one needs a name. Each refusal goes to the row naming its column; null when the row
   * names no referrer (or a refused one).
   */
  private async referrer(p: ParsedLeadRow): Promise<ReferrerValues | null> {
    const account = p.referrerUsername;
    const named = account ? (this.users.get(userKey(account)) ?? []).find((u) => u.username === account.toLowerCase()) : undefined;
    // an unknown account stays as the row gives it: no user has it as id, so the rules refuse it like an inactive user
    const sent = { ...Object.fromEntries(REFERRER_KEYS.map((key) => [key, p.lead[key] ?? null])), referrerUserId: named?.id ?? account };
    const values = referrerAfter({}, sent);
    if (Object.values(values).every((value) => value === null)) return null;
    try {
      return await resolveReferrer(values, (id) => {
        const user = this.byId.get(id);
        return Promise.resolve(user?.active ? user.displayName : null);
      });
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== ErrorCode.ValidationFailed) throw error;
      for (const { field, errors } of (error.details?.fields ?? []) as FieldError[])
        p.errors.push(`${headerOf(field)}: ${field === 'referrerUserId' && account ? `「${account}」` : ''}${errors.join('; ')}`);
      return null;
    }
  }

  /** The row's owner or commissioner by account, else by name; errors (unknown, ambiguous, account and name disagreeing) go to the row. */
  private person(p: ParsedLeadRow, role: 'owner' | 'commissioner'): ImportUser | null {
    const account = role === 'owner' ? p.ownerUsername : p.commissionerUsername;
    const name = role === 'owner' ? p.ownerName : p.commissionerName;
    const accountHeader = LEAD_SHEET_COLUMN[role === 'owner' ? 'ownerUsername' : 'commissionerUsername'].header;
    const nameHeader = LEAD_SHEET_COLUMN[role === 'owner' ? 'ownerName' : 'commissionerName'].header;
    if (account) {
      const user = (this.users.get(userKey(account)) ?? []).find((u) => u.username === account.toLowerCase() && u.active);
      if (!user) {
        p.errors.push(`${accountHeader}: 「${account}」不是在职用户的账号`);
        return null;
      }
      if (name && name !== user.displayName && name.toLowerCase() !== user.username)
        p.errors.push(`${nameHeader}: 「${name}」与${accountHeader}「${account}」(${user.displayName}) 不一致; 请只填一列或改成同一人`);
      return user;
    }
    if (!name) return null;
    const candidates = (this.users.get(userKey(name)) ?? []).filter((u) => u.active);
    // an account written in the name column is that user, even if someone's display name is the same text
    const byAccount = candidates.find((u) => u.username === name.toLowerCase());
    if (byAccount) return byAccount;
    if (candidates.length === 1) return candidates[0];
    if (candidates.length === 0) p.errors.push(`${nameHeader}: 「${name}」不是在职用户的姓名或账号`);
    else
      p.errors.push(
        `${nameHeader}: 「${name}」有 ${candidates.length} 位同名用户: ${candidates
          .map((u) => `${u.displayName} (${u.username}, ${u.teamName ?? '无团队'})`)
          .join('、')}; 请改填${accountHeader}`,
      );
    return null;
  }
}

const userKey = (name: string): string => name.toLowerCase();
