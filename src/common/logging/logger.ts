import { ConsoleLogger, LoggerService } from '@nestjs/common';
import { AppConfig } from '../../config/app.config';

/** JSON lines at the configured level: the one logger of the app, the worker and the migration command. */
export function createLogger(config: AppConfig): LoggerService {
  const levels = {
    debug: ['debug', 'log', 'warn', 'error', 'fatal'],
    log: ['log', 'warn', 'error', 'fatal'],
    warn: ['warn', 'error', 'fatal'],
    error: ['error', 'fatal'],
  } as const;
  return new ConsoleLogger({ json: true, colors: false, logLevels: [...levels[config.logLevel]] });
}
