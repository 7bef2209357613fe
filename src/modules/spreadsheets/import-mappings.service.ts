import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthUser, seesEverything } from '../../common/auth/auth-user';
import { AppError } from '../../common/errors/app-error';
import { CreateImportMappingDto, ImportMappingDto } from './dto/import-mapping.dto';
import { ImportMapping } from './import-mapping.entity';
import { LEAD_SHEET, SheetColumns } from './lead-sheet.columns';
import { mappingProblems } from './lead-sheet.mapping';

const MAX_HEADERS = 256;

/**
 * Saved column mappings: a user's own, or shared with their team. Who sees one: its author, the members
 * of its team (scope team), leaders and admins; anyone else gets 404. Its author, leaders and admins may
 * delete it.
 */
@Injectable()
export class ImportMappingsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get repository() {
    return this.dataSource.getRepository(ImportMapping);
  }

  async list(user: AuthUser): Promise<ImportMappingDto[]> {
    const query = this.repository.createQueryBuilder('m').orderBy('m.created_at', 'DESC');
    if (!seesEverything(user))
      query.where(`m.user_id = :me OR (m.scope = 'team' AND m.team_id = :team)`, { me: user.id, team: user.teamId ?? null });
    return (await query.getMany()).map(toDto);
  }

  async create(user: AuthUser, dto: CreateImportMappingDto): Promise<ImportMappingDto> {
    checkMapping(dto.mapping);
    if (dto.scope === 'team' && !user.teamId)
      throw AppError.validation('只有属于团队的用户可以保存团队映射', [{ field: 'scope', errors: ['你不属于任何团队'] }]);
    const saved = await this.repository.save({
      name: dto.name,
      scope: dto.scope,
      userId: user.id,
      teamId: dto.scope === 'team' ? user.teamId : null,
      mapping: dto.mapping,
    });
    return toDto(saved);
  }

  async remove(user: AuthUser, id: string): Promise<void> {
    const mapping = await this.findVisible(user, id);
    if (mapping.userId !== user.id && !seesEverything(user)) throw AppError.forbidden('只有保存者、领导或管理员可以删除此映射');
    await this.repository.delete({ id });
  }

  /**
   * The mapping an import request asks for: the saved one (404 when the caller may not see it) with the request's own over it,
   * checked against the columns of the import's target.
   */
  async resolve(
    user: AuthUser,
    id: string | undefined,
    mapping: Record<string, string> | undefined,
    columns: SheetColumns = LEAD_SHEET,
  ): Promise<Record<string, string>> {
    const saved = id ? (await this.findVisible(user, id)).mapping : {};
    const merged = { ...saved, ...(mapping ?? {}) };
    checkMapping(merged, columns);
    return merged;
  }

  private async findVisible(user: AuthUser, id: string): Promise<ImportMapping> {
    const mapping = await this.repository.findOneBy({ id });
    const visible =
      mapping && (seesEverything(user) || mapping.userId === user.id || (mapping.scope === 'team' && mapping.teamId === user.teamId));
    if (!mapping || !visible) throw AppError.notFound('Import mapping', id);
    return mapping;
  }
}

function checkMapping(mapping: Record<string, unknown>, columns: SheetColumns = LEAD_SHEET): void {
  const entries = Object.entries(mapping);
  if (entries.length > MAX_HEADERS) throw AppError.validation(`映射最多 ${MAX_HEADERS} 列`, [{ field: 'mapping', errors: ['too many'] }]);
  if (entries.some(([, v]) => typeof v !== 'string'))
    throw AppError.validation('映射的值必须是字段名或 ignore', [{ field: 'mapping', errors: ['values must be strings'] }]);
  const problems = mappingProblems(mapping as Record<string, string>, columns);
  if (problems.length) throw AppError.validation(`映射有误: ${problems.join('；')}`, [{ field: 'mapping', errors: problems }]);
}

function toDto(m: ImportMapping): ImportMappingDto {
  return { id: m.id, name: m.name, scope: m.scope, userId: m.userId, teamId: m.teamId, mapping: m.mapping, createdAt: m.createdAt };
}
