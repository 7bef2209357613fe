import { AppConfig } from '../config/app.config';
import { StartupError } from '../config/startup-error';

export const DEMO_IN_PRODUCTION =
  '--demo refuses to run with NODE_ENV=production: it creates accounts whose passwords are published and logs them';

/** Stops `--demo` before anything is touched when the install says it is production. */
export function refuseDemoInProduction(config: AppConfig, argv: readonly string[]): void {
  if (argv.includes('--demo') && config.env === 'production') throw new StartupError(DEMO_IN_PRODUCTION);
}
