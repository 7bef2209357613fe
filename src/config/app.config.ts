import { CreditRules, DEFAULT_CREDIT_RULES } from '../modules/credit/credit.rules';
import { isIP } from 'node:net';
import { passwordProblem } from '../modules/users/password-policy';
import { parseIsoDuration } from './duration';
import { StallThresholds } from '../modules/pipeline/pipeline-model.builder';
import { PIPELINE } from '../modules/pipeline/pipeline.model';

/** What a process of each APP_ROLE runs: the one place the role is interpreted (main.ts and AppModule read it). */
export const APP_ROLES = {
  all: { http: true, workers: true },
  api: { http: true, workers: false },
  worker: { http: false, workers: true },
} as const satisfies Record<string, { http: boolean; workers: boolean }>;

export type AppRole = keyof typeof APP_ROLES;

export type { StallThresholds } from '../modules/pipeline/pipeline-model.builder';

export interface AppConfig {
  env: string;
  port: number;
  /** Proxies whose X-Forwarded-For is believed (IPs or CIDRs); empty: the socket address is the client's. */
  trustedProxies: string[];
  role: AppRole;
  timezone: string;
  /** Unset: an embedded PostgreSQL under `dataDir` (zero-setup mode). */
  databaseUrl?: string;
  dbPoolSize: number;
  /** Read replicas (#23): lists, dashboards and exports read from them; empty (the default): everything reads from the primary. */
  replicas: ReplicasConfig;
  /**
   * Where Redis is, when it is used: set by REDIS_URL or REDIS_SENTINELS. Unset (neither variable): no Redis at all, the queues
   * run on BullMQ's PostgreSQL backend in the same database (zero-setup mode). The one place "Redis is configured" is decided.
   */
  redis?: RedisTarget;
  dataDir: string;
  embeddedPgPort: number;
  queuePrefix: string;
  /** Swagger UI and /docs-json: served outside production, and in production only with DOCS_PUBLIC=1. */
  docs: boolean;
  /** `secret` is empty when JWT_SECRET is unset, until main.ts resolves it (resolveJwtSecret). */
  jwt: { secret: string; expiresInSeconds: number };
  admin: { username?: string; password?: string };
  login: { maxAttempts: number; windowSeconds: number };
  overdueEscalationMs: number;
  stall: StallThresholds;
  webhookUrl?: string;
  reminders: {
    reconcileEveryMs: number;
    reconcileHorizonMs: number;
    /** How often the worker checks that its job schedulers still exist in the queue store. */
    schedulerCheckEveryMs: number;
    stallScanPattern: string;
    digestPattern: string;
    workerConcurrency: number;
    workerLockMs: number;
    /** Fault injection for tests: hold each delivery's transaction open this long before committing. */
    faultDeliveryDelayMs: number;
  };
  assessMinInvestPerMu: number;
  /** 履约监管 (#18): the idle-land clock's warning, evidence uploads and the 亩均效益 grading rules. */
  obligations: ObligationsConfig;
  /** Carrier reservations (#19): RESERVATION_REMINDER_BEFORE (P3D) before a reservation lapses its reserver and the lead's owner are reminded; RESERVATION_MAX (P180D) is the longest a reservation may run. */
  reservations: { reminderBeforeMs: number; maxMs: number };
  /** IMPORT_READ_TIMEOUT: the longest an import may spend reading a spreadsheet (xlsx) before it is refused (413). */
  importReadTimeoutMs: number;
  /** Yearly targets of the plan the leaders' dashboard measures progress against (万元 for investment). */
  targets: { signings: number; keyProjectsSigned: number; keyProjectsStarted: number; investmentSigned: number; investmentArrived: number };
  /** 考核预测 (#20): the conversion history's look-back and shrinkage, the plan period, the precompute's cadence. */
  forecast: ForecastConfig;
  /** 首引人积分 (#20): points per confirmed event, deductions and contract-amount bands (CREDIT_POINTS_*, CREDIT_DEDUCT_*). */
  credit: CreditRules;
  logLevel: 'debug' | 'log' | 'warn' | 'error';
}

/** One Redis server (REDIS_URL), or a master found through Redis Sentinel (REDIS_SENTINELS, REDIS_SENTINEL_NAME). */
export interface RedisTarget {
  /** REDIS_URL: the server; with Sentinels (optional) only its username, password and database number are used. */
  url?: string;
  sentinel?: {
    /** REDIS_SENTINELS: `host:port,host:port,…` */
    nodes: Array<{ host: string; port: number }>;
    /** REDIS_SENTINEL_NAME: the master group the Sentinels monitor (`sentinel monitor <name> …`). */
    name: string;
    /** REDIS_SENTINEL_PASSWORD: the Sentinels' own password (their `requirepass`), if they have one. */
    password?: string;
  };
}

/** How 亩均效益 grades are given: by shares of the graded projects, or by absolute tax-per-亩 thresholds (万元/亩·年). */
export interface MuGradeRules {
  mode: 'shares' | 'absolute';
  /** shares: A is at most this share, B at most this next share, D at least this share; C the rest. */
  shares: { a: number; b: number; d: number };
  /** absolute: the lowest tax per 亩 (万元) for A, B and C; below C is D. */
  thresholds: { a: number; b: number; c: number };
}

export interface ObligationsConfig {
  /** IDLE_LAND_YELLOW_BEFORE: the yellow level starts this long before the one-year (red) mark. */
  idleLandYellowBeforeMs: number;
  /** EVIDENCE_MAX_BYTES: the largest evidence file a clause takes (413 above). */
  evidenceMaxBytes: number;
  grading: MuGradeRules;
}

export interface ForecastConfig {
  /** FORECAST_LOOKBACK (ISO-8601, default P3Y): stage entries this far back feed the conversion history; in whole months. */
  lookbackMonths: number;
  /** FORECAST_SHRINKAGE_K: the weight, in leads, of the parent rate a small group is pulled towards: (successes + k·parent) / (n + k). */
  shrinkageK: number;
  /** FORECAST_PLAN_PERIOD (`2021-2025`, the reference plan's 十四五): the years of the five-year view. */
  planPeriod: { from: number; to: number };
  /** FORECAST_REFRESH_EVERY (ISO-8601, default PT10M): how often the worker recomputes the forecast snapshot when leads changed. */
  refreshEveryMs: number;
}

/** DATABASE_REPLICA_URLS, REPLICA_MAX_LAG and REPLICA_PROBE_EVERY (src/database/read-replicas.ts). */
export interface ReplicasConfig {
  /** DATABASE_REPLICA_URLS: comma-separated postgres URLs of hot standbys of DATABASE_URL; empty: no replica is used. */
  urls: string[];
  /** REPLICA_MAX_LAG (ISO-8601, default PT5S): a replica further behind is skipped, and a user who wrote this recently reads from the primary. */
  maxLagMs: number;
  /** REPLICA_PROBE_EVERY (ISO-8601, default PT1S): how often each replica's lag is measured. */
  probeEveryMs: number;
}

type Env = Record<string, string | undefined>;

class ConfigErrors {
  readonly messages: string[] = [];
  add(name: string, problem: string): void {
    this.messages.push(`${name}: ${problem}`);
  }
}

function readInt(env: Env, name: string, fallback: number, errors: ConfigErrors, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    errors.add(name, `expected an integer between ${min} and ${max}, got "${raw}"`);
    return fallback;
  }
  return value;
}

function readDuration(env: Env, name: string, fallback: string, errors: ConfigErrors): number {
  const raw = env[name] ?? fallback;
  try {
    return parseIsoDuration(raw);
  } catch (error) {
    errors.add(name, (error as Error).message);
    return 0;
  }
}

function readUrl(env: Env, name: string, fallback: string, protocols: string[], errors: ConfigErrors): string {
  const raw = env[name] || fallback;
  try {
    const url = new URL(raw);
    if (!protocols.includes(url.protocol)) errors.add(name, `expected a ${protocols.join(' or ')} URL, got "${url.protocol}"`);
  } catch {
    errors.add(name, `not a valid URL: "${raw}"`);
  }
  return raw;
}

/** TRUSTED_PROXIES: comma-separated IPs and CIDRs (`10.0.0.0/8`, `::1`). */
function readProxies(env: Env, errors: ConfigErrors): string[] {
  const entries = (env.TRUSTED_PROXIES ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  for (const entry of entries) {
    const [address, prefix, extra] = entry.split('/');
    const family = isIP(address);
    const maxPrefix = family === 4 ? 32 : 128;
    const prefixOk = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= maxPrefix);
    if (family === 0 || !prefixOk || extra !== undefined) errors.add('TRUSTED_PROXIES', `not an IP address or CIDR: "${entry}"`);
  }
  return entries;
}

/** Each stall rule's thresholds (STALL_<STAGE>_YELLOW / _RED, ISO 8601 durations), by the variables the pipeline model names. */
function readStallThresholds(env: Env, errors: ConfigErrors): StallThresholds {
  return Object.fromEntries(
    PIPELINE.stallRules.map(({ stage, rule }) => [
      stage,
      {
        yellowMs: readDuration(env, rule.yellow.env, rule.yellow.default, errors),
        redMs: readDuration(env, rule.red.env, rule.red.default, errors),
      },
    ]),
  );
}

function readShare(env: Env, name: string, fallback: number, errors: ConfigErrors): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || value > 1) {
    errors.add(name, `expected a share between 0 and 1, got "${raw}"`);
    return fallback;
  }
  return value;
}

/** IDLE_LAND_YELLOW_BEFORE, EVIDENCE_MAX_BYTES and the MU_GRADE_* rules. */
function readObligations(env: Env, errors: ConfigErrors): ObligationsConfig {
  const mode = (env.MU_GRADE_MODE ?? 'shares') as MuGradeRules['mode'];
  if (mode !== 'shares' && mode !== 'absolute') errors.add('MU_GRADE_MODE', `expected shares or absolute, got "${String(mode)}"`);
  const shares = {
    a: readShare(env, 'MU_GRADE_A_SHARE', 0.2, errors),
    b: readShare(env, 'MU_GRADE_B_SHARE', 0.3, errors),
    d: readShare(env, 'MU_GRADE_D_SHARE', 0.05, errors),
  };
  if (shares.a + shares.b + shares.d > 1) errors.add('MU_GRADE_A_SHARE', 'the A, B and D shares together exceed 1');
  const thresholds = {
    a: readInt(env, 'MU_GRADE_A_TAX_PER_MU', 30, errors, 0),
    b: readInt(env, 'MU_GRADE_B_TAX_PER_MU', 15, errors, 0),
    c: readInt(env, 'MU_GRADE_C_TAX_PER_MU', 5, errors, 0),
  };
  if (!(thresholds.a >= thresholds.b && thresholds.b >= thresholds.c)) errors.add('MU_GRADE_A_TAX_PER_MU', 'expected A ≥ B ≥ C');
  const yellowBefore = readDuration(env, 'IDLE_LAND_YELLOW_BEFORE', 'P90D', errors);
  if (yellowBefore >= 365 * 86_400_000) errors.add('IDLE_LAND_YELLOW_BEFORE', 'must be shorter than a year (P365D)');
  return {
    idleLandYellowBeforeMs: yellowBefore,
    evidenceMaxBytes: readInt(env, 'EVIDENCE_MAX_BYTES', 10 * 1024 * 1024, errors, 1024, 50 * 1024 * 1024),
    grading: { mode, shares, thresholds },
  };
}

/** FORECAST_LOOKBACK, FORECAST_SHRINKAGE_K, FORECAST_PLAN_PERIOD and FORECAST_REFRESH_EVERY. */
function readForecast(env: Env, errors: ConfigErrors): ForecastConfig {
  const lookbackMs = readDuration(env, 'FORECAST_LOOKBACK', 'P3Y', errors);
  const lookbackMonths = Math.round(lookbackMs / (30 * 86_400_000));
  if (lookbackMonths < 1) errors.add('FORECAST_LOOKBACK', 'must be at least a month (P1M)');
  const period = /^(\d{4})-(\d{4})$/.exec(env.FORECAST_PLAN_PERIOD ?? '2021-2025');
  const planPeriod = period ? { from: Number(period[1]), to: Number(period[2]) } : { from: 2021, to: 2025 };
  if (!period || planPeriod.to < planPeriod.from || planPeriod.to - planPeriod.from > 9)
    errors.add('FORECAST_PLAN_PERIOD', `expected YYYY-YYYY of at most ten years, got "${env.FORECAST_PLAN_PERIOD}"`);
  return {
    lookbackMonths,
    shrinkageK: readInt(env, 'FORECAST_SHRINKAGE_K', 10, errors, 0, 10_000),
    planPeriod,
    refreshEveryMs: Math.max(1000, readDuration(env, 'FORECAST_REFRESH_EVERY', 'PT10M', errors)),
  };
}

/** REDIS_URL, REDIS_SENTINELS, REDIS_SENTINEL_NAME and REDIS_SENTINEL_PASSWORD; undefined when neither REDIS_URL nor REDIS_SENTINELS is set. */
function readRedis(env: Env, errors: ConfigErrors): RedisTarget | undefined {
  const url = env.REDIS_URL ? readUrl(env, 'REDIS_URL', '', ['redis:', 'rediss:'], errors) : undefined;
  const nodes = (env.REDIS_SENTINELS ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const match = /^(\[[0-9a-fA-F:.]+\]|[^:\s]+):(\d{1,5})$/.exec(entry);
      const port = Number(match?.[2]);
      if (!match || port < 1 || port > 65535) errors.add('REDIS_SENTINELS', `expected host:port, got "${entry}"`);
      return { host: (match?.[1] ?? '').replace(/^\[|\]$/g, ''), port };
    });
  const name = env.REDIS_SENTINEL_NAME || undefined;
  const password = env.REDIS_SENTINEL_PASSWORD || undefined;
  if (nodes.length === 0) {
    if (name) errors.add('REDIS_SENTINEL_NAME', 'set, but REDIS_SENTINELS is not');
    if (password) errors.add('REDIS_SENTINEL_PASSWORD', 'set, but REDIS_SENTINELS is not');
    return url ? { url } : undefined;
  }
  if (!name) errors.add('REDIS_SENTINEL_NAME', 'required with REDIS_SENTINELS: the master name the Sentinels monitor');
  if (url?.startsWith('rediss:')) errors.add('REDIS_URL', 'TLS (rediss:) is not supported together with REDIS_SENTINELS');
  if (url && URL.canParse(url) && !/^\/?\d*$/.test(new URL(url).pathname))
    errors.add('REDIS_URL', 'with REDIS_SENTINELS, the path must be a database number (redis://:password@mymaster/2)');
  return { url, sentinel: { nodes, name: name ?? '', password } };
}

/** DATABASE_REPLICA_URLS, REPLICA_MAX_LAG and REPLICA_PROBE_EVERY; replicas need Redis (REDIS_URL or REDIS_SENTINELS), where read-your-writes is recorded. */
function readReplicas(env: Env, errors: ConfigErrors, redis: RedisTarget | undefined): ReplicasConfig {
  const urls = (env.DATABASE_REPLICA_URLS ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((url) => readUrl({ DATABASE_REPLICA_URLS: url }, 'DATABASE_REPLICA_URLS', '', ['postgres:', 'postgresql:'], errors));
  if (urls.length > 0 && !redis)
    errors.add(
      'DATABASE_REPLICA_URLS',
      'needs REDIS_URL (or REDIS_SENTINELS): who wrote recently (read-your-writes) is kept in Redis for every API process',
    );
  const maxLagMs = readDuration(env, 'REPLICA_MAX_LAG', 'PT5S', errors);
  if (maxLagMs < 1000) errors.add('REPLICA_MAX_LAG', 'must be at least a second (PT1S)');
  const probeEveryMs = readDuration(env, 'REPLICA_PROBE_EVERY', 'PT1S', errors);
  if (probeEveryMs < 100 || probeEveryMs >= maxLagMs)
    errors.add('REPLICA_PROBE_EVERY', 'must be at least PT0.1S and shorter than REPLICA_MAX_LAG');
  return { urls, maxLagMs, probeEveryMs };
}

function validTimezone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Reads and validates the whole configuration; throws one error listing every bad variable. */
export function loadAppConfig(env: Env = process.env): AppConfig {
  const errors = new ConfigErrors();
  const nodeEnv = env.NODE_ENV ?? 'development';

  const role = (env.APP_ROLE ?? 'all') as AppRole;
  if (!Object.hasOwn(APP_ROLES, role)) errors.add('APP_ROLE', `expected ${Object.keys(APP_ROLES).join(', ')}, got "${role}"`);

  const timezone = env.APP_TIMEZONE ?? 'Asia/Shanghai';
  if (!validTimezone(timezone)) errors.add('APP_TIMEZONE', `unknown time zone "${timezone}"`);

  // Unset: resolved at start-up by resolveJwtSecret (src/config/jwt-secret.ts), never a default in the source.
  const jwtSecret = env.JWT_SECRET ?? '';
  if (jwtSecret && jwtSecret.length < 16) errors.add('JWT_SECRET', 'must be at least 16 characters');

  const queuePrefix = env.QUEUE_PREFIX ?? 'zscrm';
  if (!/^[A-Za-z0-9_-]+$/.test(queuePrefix)) errors.add('QUEUE_PREFIX', 'letters, digits, "_" and "-" only');

  const logLevel = (env.LOG_LEVEL ?? 'log') as AppConfig['logLevel'];
  if (!['debug', 'log', 'warn', 'error'].includes(logLevel)) errors.add('LOG_LEVEL', 'expected debug, log, warn or error');

  const webhookUrl = env.WEBHOOK_URL ? readUrl(env, 'WEBHOOK_URL', '', ['http:', 'https:'], errors) : undefined;
  const redis = readRedis(env, errors);

  const config: AppConfig = {
    env: nodeEnv,
    port: readInt(env, 'PORT', 3000, errors, 0, 65535),
    trustedProxies: readProxies(env, errors),
    role,
    timezone,
    databaseUrl: env.DATABASE_URL ? readUrl(env, 'DATABASE_URL', '', ['postgres:', 'postgresql:'], errors) : undefined,
    dbPoolSize: readInt(env, 'DB_POOL_SIZE', 20, errors, 1, 500),
    redis,
    replicas: readReplicas(env, errors, redis),
    dataDir: env.DATA_DIR || '.data',
    embeddedPgPort: readInt(env, 'EMBEDDED_PG_PORT', 54329, errors, 1, 65535),
    queuePrefix,
    docs: nodeEnv !== 'production' || env.DOCS_PUBLIC === '1',
    jwt: { secret: jwtSecret, expiresInSeconds: readInt(env, 'JWT_EXPIRES_IN_SECONDS', 8 * 3600, errors, 60) },
    admin: { username: env.ADMIN_USERNAME || undefined, password: env.ADMIN_PASSWORD || undefined },
    login: {
      maxAttempts: readInt(env, 'LOGIN_MAX_ATTEMPTS', 10, errors, 1),
      windowSeconds: readInt(env, 'LOGIN_WINDOW_SECONDS', 60, errors, 1),
    },
    overdueEscalationMs: readDuration(env, 'OVERDUE_ESCALATION_AFTER', 'P3D', errors),
    stall: readStallThresholds(env, errors),
    webhookUrl,
    reminders: {
      reconcileEveryMs: readDuration(env, 'RECONCILE_EVERY', 'PT30S', errors),
      reconcileHorizonMs: readDuration(env, 'RECONCILE_HORIZON', 'PT10M', errors),
      schedulerCheckEveryMs: Math.max(1000, readDuration(env, 'SCHEDULER_CHECK_EVERY', 'PT30S', errors)),
      stallScanPattern: env.STALL_SCAN_CRON ?? '0 7 * * *',
      digestPattern: env.DIGEST_CRON ?? '30 8 * * *',
      workerConcurrency: readInt(env, 'WORKER_CONCURRENCY', 20, errors, 1, 1000),
      workerLockMs: readInt(env, 'WORKER_LOCK_MS', 30_000, errors, 500),
      faultDeliveryDelayMs: readInt(env, 'FAULT_DELIVERY_DELAY_MS', 0, errors, 0),
    },
    assessMinInvestPerMu: readInt(env, 'ASSESS_MIN_INVEST_PER_MU', 300, errors, 1),
    obligations: readObligations(env, errors),
    reservations: {
      reminderBeforeMs: readDuration(env, 'RESERVATION_REMINDER_BEFORE', 'P3D', errors),
      maxMs: readDuration(env, 'RESERVATION_MAX', 'P180D', errors),
    },
    importReadTimeoutMs: Math.max(1000, readDuration(env, 'IMPORT_READ_TIMEOUT', 'PT60S', errors)),
    // 十三五: 69 municipal and district key projects, 187 亿元 in five years; the defaults ask a little more per year
    targets: {
      signings: readInt(env, 'TARGET_SIGNINGS', 40, errors, 0),
      keyProjectsSigned: readInt(env, 'TARGET_KEY_PROJECTS_SIGNED', 15, errors, 0),
      keyProjectsStarted: readInt(env, 'TARGET_KEY_PROJECTS_STARTED', 12, errors, 0),
      investmentSigned: readInt(env, 'TARGET_INVESTMENT_SIGNED', 400_000, errors, 0),
      investmentArrived: readInt(env, 'TARGET_INVESTMENT_ARRIVED', 200_000, errors, 0),
    },
    forecast: readForecast(env, errors),
    credit: {
      points: {
        signed: readInt(env, 'CREDIT_POINTS_SIGNED', DEFAULT_CREDIT_RULES.points.signed, errors, 0),
        started: readInt(env, 'CREDIT_POINTS_STARTED', DEFAULT_CREDIT_RULES.points.started, errors, 0),
        operating: readInt(env, 'CREDIT_POINTS_OPERATING', DEFAULT_CREDIT_RULES.points.operating, errors, 0),
      },
      deductions: {
        missed_start: readInt(env, 'CREDIT_DEDUCT_MISSED_START', DEFAULT_CREDIT_RULES.deductions.missed_start, errors, 0),
        voided: readInt(env, 'CREDIT_DEDUCT_VOIDED', DEFAULT_CREDIT_RULES.deductions.voided, errors, 0),
      },
      amountBands: DEFAULT_CREDIT_RULES.amountBands,
    },
    logLevel,
  };
  const adminPasswordProblem =
    config.admin.password === undefined ? null : passwordProblem(config.admin.password, config.admin.username ?? '');
  if (adminPasswordProblem) errors.add('ADMIN_PASSWORD', adminPasswordProblem);
  if (errors.messages.length > 0) {
    throw new Error(`Invalid configuration:\n  - ${errors.messages.join('\n  - ')}`);
  }
  return config;
}

export const APP_CONFIG = Symbol('APP_CONFIG');

/** The database URL the app runs on: DATABASE_URL, or the embedded server's, resolved by main.ts before the app is built. */
export function databaseUrlOf(config: AppConfig): string {
  if (!config.databaseUrl)
    throw new Error('No database URL: main.ts resolves it (DATABASE_URL or the embedded PostgreSQL) before building the app');
  return config.databaseUrl;
}
