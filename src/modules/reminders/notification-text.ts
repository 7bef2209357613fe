import { ReminderKind } from './reminder.entity';

export interface NotificationSubject {
  kind: ReminderKind;
  leadCode?: string | null;
  /** 项目代号 when set (confidential projects), else the project name. */
  leadTitle?: string | null;
  dueAt: Date;
  level?: string | null;
  issueTitle?: string | null;
  stageLabel?: string | null;
  reason?: string | null;
  digest?: { dueToday: number; overdue: number; issuesOverdue: number };
}

function formatTime(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('zh-CN', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).format(instant);
}

/** Chinese title and body of an in-app notification, naming the project and the due time. */
export function notificationText(subject: NotificationSubject, timeZone: string): { title: string; body: string } {
  const project = subject.leadCode ? `【${subject.leadCode} ${subject.leadTitle ?? ''}】` : '';
  const due = formatTime(subject.dueAt, timeZone);
  switch (subject.kind) {
    case ReminderKind.FollowUpDue:
      return { title: `跟进提醒：${project}`, body: `项目${project}计划于 ${due} 跟进，请及时联系企业并登记跟进记录。` };
    case ReminderKind.FollowUpOverdue:
      return { title: `督办：${project}跟进已逾期`, body: `项目${project}原定 ${due} 跟进，至今未登记跟进记录，请督促负责人尽快跟进。` };
    case ReminderKind.StageStalled: {
      const colour = subject.level === 'red' ? '红色预警' : '黄色预警';
      return { title: `${colour}：${project}${subject.reason ?? ''}`, body: `项目${project}处于「${subject.stageLabel ?? ''}」阶段，${subject.reason ?? '推进停滞'}（截至 ${due}），请关注并推动解决。` };
    }
    case ReminderKind.IssueDue:
      return { title: `企业诉求到期：${subject.issueTitle ?? ''}`, body: `项目${project}的企业诉求「${subject.issueTitle ?? ''}」于 ${due} 到期，请尽快办结。` };
    case ReminderKind.IssueOverdue:
      return { title: `企业诉求逾期：${subject.issueTitle ?? ''}`, body: `项目${project}的企业诉求「${subject.issueTitle ?? ''}」已于 ${due} 逾期未办结，请协调处理。` };
    case ReminderKind.Assigned:
      return { title: `护商专员任命：${project}`, body: `您已被指派为项目${project}的护商专员（${due}），请尽快与企业对接。` };
    case ReminderKind.DailyDigest: {
      const d = subject.digest ?? { dueToday: 0, overdue: 0, issuesOverdue: 0 };
      return { title: `每日待办（${due.slice(0, 10)}）`, body: `今日待跟进项目 ${d.dueToday} 个，逾期未跟进 ${d.overdue} 个，逾期企业诉求 ${d.issuesOverdue} 件。` };
    }
  }
}
