export enum Role {
  Promoter = 'promoter',
  Commissioner = 'commissioner',
  Leader = 'leader',
  Admin = 'admin',
  /** 载体管理员: keeps the carriers (载体资源) of the parks; sees no leads beyond their own. */
  CarrierManager = 'carrier_manager',
}

export const ROLE_LABELS: Record<Role, string> = {
  [Role.Promoter]: '招商人员',
  [Role.Commissioner]: '护商专员',
  [Role.Leader]: '领导',
  [Role.Admin]: '系统管理员',
  [Role.CarrierManager]: '载体管理员',
};
