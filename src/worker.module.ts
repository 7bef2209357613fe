import { DynamicModule, ForwardReference, Module, Type } from '@nestjs/common';
import { GLOBAL_MODULE_METADATA, MODULE_METADATA } from '@nestjs/common/constants';
import { DiscoveryModule } from '@nestjs/core';
import { IdempotencyModule } from './common/idempotency/idempotency.module';
import { QueueWorkers } from './common/queue/queue-workers';
import { DashboardModule } from './modules/dashboard/dashboard.module';
import { ForecastModule } from './modules/forecast/forecast.module';
import { ObligationsModule } from './modules/obligations/obligations.module';
import { SpreadsheetsModule } from './modules/spreadsheets/spreadsheets.module';

/**
 * The consumer side: the queue workers and job schedulers (QueueWorkers). A process has it when its role runs
 * workers (APP_ROLES): inside the HTTP app for `all`, alone in a worker process. The imports are the modules
 * whose @OnJob handlers or daily scans the workers need (RemindersModule is global); one missing fails the start by name.
 */
@Module({
  imports: [DiscoveryModule, SpreadsheetsModule, DashboardModule, ForecastModule, ObligationsModule, IdempotencyModule],
  providers: [QueueWorkers],
})
export class WorkerModule {}

type ModuleEntry = Type | DynamicModule | Promise<DynamicModule> | ForwardReference<() => ModuleEntry>;

/**
 * The same module graph with no controllers, for a process without HTTP: the feature modules keep their
 * controllers (the HTTP app is the usual case), and the worker gets copies of them without. A module is
 * copied only when it or a module it imports declares controllers; copies are memoised, so a module
 * imported from several places is still one module with one set of providers.
 */
export function withoutControllers(root: DynamicModule): DynamicModule {
  const copies = new Map<Type, Type>();

  const stripClass = (module: Type): Type => {
    const known = copies.get(module);
    if (known) return known;
    const read = (key: string) => (Reflect.getMetadata(key, module) ?? []) as ModuleEntry[];
    const imports = read(MODULE_METADATA.IMPORTS).map(strip);
    const exports = read(MODULE_METADATA.EXPORTS).map((entry) => (isModule(entry) ? strip(entry) : entry));
    const unchanged =
      read(MODULE_METADATA.CONTROLLERS).length === 0 &&
      imports.every((entry, i) => entry === read(MODULE_METADATA.IMPORTS)[i]) &&
      exports.every((entry, i) => entry === read(MODULE_METADATA.EXPORTS)[i]);
    const copy = unchanged ? module : ({ [module.name]: class {} } as Record<string, Type>)[module.name];
    if (copy !== module) {
      Reflect.defineMetadata(MODULE_METADATA.IMPORTS, imports, copy);
      Reflect.defineMetadata(MODULE_METADATA.PROVIDERS, read(MODULE_METADATA.PROVIDERS), copy);
      Reflect.defineMetadata(MODULE_METADATA.EXPORTS, exports, copy);
      if (Reflect.getMetadata(GLOBAL_MODULE_METADATA, module)) Reflect.defineMetadata(GLOBAL_MODULE_METADATA, true, copy);
    }
    copies.set(module, copy);
    return copy;
  };

  const stripDynamic = (dynamic: DynamicModule): DynamicModule => {
    const module = stripClass(dynamic.module);
    const imports = dynamic.imports?.map(strip);
    const exports = dynamic.exports?.map((entry) => (isModule(entry) ? strip(entry as ModuleEntry) : entry));
    const unchanged =
      module === dynamic.module &&
      !dynamic.controllers?.length &&
      (imports ?? []).every((entry, i) => entry === dynamic.imports?.[i]) &&
      (exports ?? []).every((entry, i) => entry === dynamic.exports?.[i]);
    return unchanged ? dynamic : ({ ...dynamic, module, imports, exports, controllers: [] } as DynamicModule);
  };

  function strip(entry: ModuleEntry): ModuleEntry {
    if (entry instanceof Promise) return entry.then(stripDynamic);
    if ('forwardRef' in entry) return { forwardRef: () => strip(entry.forwardRef()) };
    if ('module' in entry) return stripDynamic(entry);
    return stripClass(entry);
  }

  return stripDynamic(root);
}

/** A module among a module's exports (the rest are providers or their tokens). */
function isModule(entry: unknown): entry is ModuleEntry {
  if (typeof entry === 'function')
    return (
      Reflect.hasMetadata(MODULE_METADATA.IMPORTS, entry) ||
      Reflect.hasMetadata(MODULE_METADATA.PROVIDERS, entry) ||
      Reflect.hasMetadata(MODULE_METADATA.EXPORTS, entry) ||
      Reflect.hasMetadata(MODULE_METADATA.CONTROLLERS, entry)
    );
  return typeof entry === 'object' && entry !== null && ('module' in entry || 'forwardRef' in entry);
}
