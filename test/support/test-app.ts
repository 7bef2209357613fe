import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Logger } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { OpenAPIObject } from '@nestjs/swagger';
import { createApp, publishedDocument } from '../../src/app.factory';
import { AppConfig, loadAppConfig } from '../../src/config/app.config';
import { RedisService } from '../../src/common/redis/redis.module';
import { Role } from '../../src/modules/users/role.enum';
import { UsersService } from '../../src/modules/users/users.service';
import { TeamsRepository } from '../../src/modules/teams/teams.repository';
import { ContractRecorder } from './contract/contract-recorder';
import { recreateDatabase } from './database';
import { TEST_DATABASE_URL, TEST_QUEUE_PREFIX, TEST_REDIS_URL } from './test-env';

export interface TestUser {
  id: string;
  username: string;
  password: string;
  token: string;
  teamId: string | null;
}

let sequence = 0;
/** A short unique suffix, so tests never collide on usernames, team names or credit codes. */
export function unique(prefix = 't'): string {
  sequence += 1;
  return `${prefix}${Date.now().toString(36)}${sequence}${Math.floor(Math.random() * 1e4)}`;
}

export function testConfig(overrides: Record<string, string> = {}): AppConfig {
  return loadAppConfig({
    NODE_ENV: 'test',
    DATABASE_URL: TEST_DATABASE_URL,
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: TEST_QUEUE_PREFIX,
    JWT_SECRET: 'test-secret-0123456789abcdef',
    LOG_LEVEL: 'error',
    ...overrides,
  });
}

/**
 * A running app on the test database and Redis prefix, with helpers to make users and call the API. Every response it
 * sends is checked against the OpenAPI document it publishes: close() fails on a mismatch (see ContractRecorder).
 */
export class TestApp {
  private constructor(
    readonly app: NestFastifyApplication,
    readonly config: AppConfig,
    private readonly contract: ContractRecorder | null,
  ) {}

  static async start(overrides: Record<string, string> = {}): Promise<TestApp> {
    const config = testConfig(overrides);
    Logger.overrideLogger(['error']);
    const app = await createApp(config);
    const contract = ContractRecorder.install(app);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    return new TestApp(app, config, contract);
  }

  /**
   * An app on a database and queue prefix of its own (`<test database>_<name>`, rebuilt): for a suite that seeds the
   * demo bureau and asserts its figures, which other suites' rows in the shared database would change.
   */
  static async startOnOwnDatabase(name: string, overrides: Record<string, string> = {}): Promise<TestApp> {
    const url = new URL(TEST_DATABASE_URL);
    url.pathname = `${url.pathname}_${name.replaceAll('-', '_')}`;
    await recreateDatabase(url.toString());
    return TestApp.start({ DATABASE_URL: url.toString(), QUEUE_PREFIX: `${TEST_QUEUE_PREFIX}-${name}`, ...overrides });
  }

  get http() {
    return request(this.app.getHttpServer());
  }

  get dataSource(): DataSource {
    return this.app.get<DataSource>(getDataSourceToken());
  }

  get redis(): RedisService {
    return this.app.get(RedisService);
  }

  async createTeam(name = unique('团队')): Promise<string> {
    return (await this.app.get(TeamsRepository).save({ name })).id;
  }

  /** Creates a user directly through the service and logs in through the API. */
  async createUser(roles: Role[], teamId: string | null = null, active = true, options: { login?: boolean } = {}): Promise<TestUser> {
    const username = unique('u');
    const password = 'Passw0rd!x';
    const user = await this.app.get(UsersService).create({ username, displayName: `测试${username}`, password, roles, teamId, active });
    const token = active && options.login !== false ? await this.login(username, password) : '';
    return { id: user.id, username, password, token, teamId };
  }

  async login(username: string, password: string): Promise<string> {
    const response = await this.http.post('/api/v1/auth/login').send({ username, password });
    if (response.status !== 200) throw new Error(`login failed: ${response.status} ${JSON.stringify(response.body)}`);
    return (response.body as { accessToken: string }).accessToken;
  }

  /** The OpenAPI document the app publishes (served at /docs-json when docs are on). */
  get document(): OpenAPIObject {
    return publishedDocument(this.app);
  }

  /** Closes the app, then fails if a response it sent did not match the document. */
  async close(): Promise<void> {
    await this.app.close();
    this.contract?.finish();
  }
}

export const auth = (user: { token: string }) => ({ Authorization: `Bearer ${user.token}` });
