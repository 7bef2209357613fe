export enum Role {
  Promoter = 'promoter',
  Commissioner = 'commissioner',
  Leader = 'leader',
  Admin = 'admin',
}

export const ROLE_LABELS: Record<Role, string> = {
  [Role.Promoter]: '招商人员',
  [Role.Commissioner]: '护商专员',
  [Role.Leader]: '领导',
  [Role.Admin]: '系统管理员',
};
