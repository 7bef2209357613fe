/** A start-up failure the operator can fix: logged as one line saying what to set, without a stack trace. */
export class StartupError extends Error {
  override readonly name = 'StartupError';
}
