import { AppError, ErrorCode } from '../../common/errors/app-error';

/**
 * The file-level refusals of an import, in the words the console shows a clerk verbatim (400, or 413
 * for a file too large to read). `details.file` names the reason in a word the console may branch on.
 */
export type FileProblem = 'empty' | 'xls' | 'encrypted' | 'binary' | 'truncated' | 'corrupt' | 'noHeader' | 'noSheet' | 'readTimeout';

export function notASpreadsheet(reason: string, problem?: FileProblem, details: Record<string, unknown> = {}): AppError {
  return new AppError(ErrorCode.BadRequest, `无法导入此文件: ${reason}`, { file: problem ?? reason, reason, ...details });
}

export const FILE_PROBLEMS = {
  empty: () => notASpreadsheet('文件是空的', 'empty'),
  xls: () =>
    notASpreadsheet('不读取旧的 Excel 97-2003 (.xls) 格式, 请在 Excel 或 WPS 中「另存为」Excel 工作簿 (.xlsx) 或 CSV UTF-8 后上传', 'xls'),
  encrypted: () => notASpreadsheet('文件设置了打开密码 (已加密), 请在 Excel 或 WPS 中取消密码后另存再上传', 'encrypted'),
  binary: (what: string) => notASpreadsheet(`${what}, 不是 xlsx 或 CSV 表格`, 'binary'),
  truncated: () => notASpreadsheet('文件不完整 (可能在下载、复制或上传时被截断), 请重新保存后上传', 'truncated'),
  // the parser's own words (English) go to details.cause, not into what the clerk reads
  corrupt: (cause: string) =>
    notASpreadsheet('xlsx 文件已损坏, 无法读取, 请在 Excel 或 WPS 中打开并另存后上传', 'corrupt', { cause: cause.slice(0, 200) }),
} as const;

/** 413: reading the file took longer than IMPORT_READ_TIMEOUT (a file this slow to read is too large or too complex for one import). */
export function readTimedOut(seconds: number): AppError {
  const reason = `读取表格超过 ${seconds} 秒, 文件过大或过于复杂`;
  const error = new AppError(ErrorCode.PayloadTooLarge, `无法导入此文件: ${reason}, 请拆分成几个文件分批导入`, {
    file: 'readTimeout',
    limit: 'readSeconds',
    max: seconds,
    reason,
  });
  void error.stack;
  return error;
}
