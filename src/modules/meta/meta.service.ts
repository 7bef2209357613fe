import { Injectable } from '@nestjs/common';
import { ApiProperty, OpenAPIObject } from '@nestjs/swagger';
import { AuthUser } from '../../common/auth/auth-user';
import { ChoiceDto, leadMeta, LeadMetaDto } from '../leads/lead-meta';
import { LEAD_SORT_KEYS, LeadSortKey } from '../leads/dto/list-leads.query';
import { ISSUE_CATEGORY_LABELS, ISSUE_STATUS_LABELS } from '../enterprise-issues/enterprise-issue.enums';
import { FOLLOW_UP_TYPE_LABELS } from '../follow-ups/follow-up.entity';
import { Role, ROLE_LABELS } from '../users/role.enum';
import { operationRoles } from '../../common/openapi/contract';

/** Label tables of the records around a lead, served as choices in their declared order. */
const OTHER_ENUMS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  role: ROLE_LABELS,
  followUpType: FOLLOW_UP_TYPE_LABELS,
  issueCategory: ISSUE_CATEGORY_LABELS,
  issueStatus: ISSUE_STATUS_LABELS,
};

export class MetaDto {
  @ApiProperty({ description: '中文 label of each lead field, by key', additionalProperties: { type: 'string' } }) labels: Record<
    string,
    string
  >;
  @ApiProperty({
    description: 'the choices of each enum field, and of role, followUpType, issueCategory and issueStatus, by key, in order',
    additionalProperties: { type: 'array', items: { $ref: '#/components/schemas/ChoiceDto' } },
  })
  enums: Record<string, ChoiceDto[]>;
  @ApiProperty({ description: 'the unit of each lead field that has one (万元, 亩, 人), by key', additionalProperties: { type: 'string' } })
  units: Record<string, string>;
  @ApiProperty({ type: [ChoiceDto], description: 'the pipeline’s stages in order' }) stages: ChoiceDto[];
  @ApiProperty({ type: LeadMetaDto }) lead: LeadMetaDto;
  @ApiProperty({
    description:
      'the API’s paths (under /api/v1, as the OpenAPI document names them) with the query parameters each declares: what the console may send',
    additionalProperties: { type: 'array', items: { type: 'string' } },
  })
  queryParams: Record<string, string[]>;
  @ApiProperty({
    enum: LEAD_SORT_KEYS,
    isArray: true,
    description: 'the lead list’s sort keys: GET /leads takes sort=key (ascending) or sort=-key (descending)',
  })
  leadSortKeys: readonly LeadSortKey[];
  @ApiProperty({
    type: [String],
    example: ['GET /leads', 'POST /leads', 'GET /chains/{industryCode}'],
    description:
      'the operations (method and path under /api/v1, as the OpenAPI document names them) the caller’s roles may call: the console shows a page, menu or button only for what the API would not refuse with 403. What a caller may see within an operation is still scoped by team and ownership',
  })
  operations: string[];
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** GET /meta: what the console needs to label, offer and check a lead's fields, derived from the models. */
@Injectable()
export class MetaService {
  private queryParams: Record<string, string[]> = {};
  /** Each operation with the roles its guard takes (null: any signed-in user). */
  private operationRoles: Array<{ operation: string; roles: readonly string[] | null }> = [];

  /** Learns the routes and their query parameters from the OpenAPI document the app builds at start (app.factory.ts). */
  learnRoutes(document: OpenAPIObject, prefix: string): void {
    const learned: Record<string, string[]> = {};
    for (const [path, item] of Object.entries(document.paths)) {
      if (!path.startsWith(prefix)) continue;
      const names = METHODS.flatMap((method) => item[method]?.parameters ?? []).flatMap((p) =>
        'in' in p && p.in === 'query' ? [p.name] : [],
      );
      learned[path.slice(prefix.length)] = [...new Set(names)];
    }
    this.queryParams = learned;
    this.operationRoles = Object.entries(document.paths).flatMap(([path, item]) =>
      path.startsWith(prefix)
        ? METHODS.flatMap((method) => {
            const operation = item[method];
            return operation
              ? [{ operation: `${method.toUpperCase()} ${path.slice(prefix.length)}`, roles: operationRoles(operation) }]
              : [];
          })
        : [],
    );
  }

  meta(user: AuthUser): MetaDto {
    const lead = leadMeta(user);
    return {
      labels: Object.fromEntries(lead.fields.map((f) => [f.key, f.label])),
      enums: {
        ...Object.fromEntries(lead.fields.flatMap((f) => (f.enum ? [[f.key, f.enum]] : []))),
        ...Object.fromEntries(
          Object.entries(OTHER_ENUMS).map(([key, labels]) => [key, Object.entries(labels).map(([value, label]) => ({ value, label }))]),
        ),
      },
      units: Object.fromEntries(lead.fields.flatMap((f) => (f.unit ? [[f.key, f.unit]] : []))),
      stages: lead.stages,
      lead,
      queryParams: this.queryParams,
      leadSortKeys: LEAD_SORT_KEYS,
      operations: this.operationRoles
        .filter(({ roles }) => roles === null || roles.some((role) => user.roles.includes(role as Role)))
        .map(({ operation }) => operation),
    };
  }
}
