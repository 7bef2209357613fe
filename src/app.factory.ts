import fastifyMultipart from '@fastify/multipart';
import { Logger, LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module';
import { AppConfig } from './config/app.config';
import { applyPublicBodyLimit, BODY_LIMITS } from './common/http/edge-route';
import { jsonBodyParser } from './common/http/json-body';
import { requestIdOf } from './common/http/request-id';
import { registerCompression } from './common/http/compression';
import { registerSecurityHeaders } from './common/http/security-headers';
import { createLogger } from './common/logging/logger';
import { redactUrl } from './common/logging/redact-url';
import { createValidationPipe } from './common/validation/validation.pipe';
import { completeContract } from './common/openapi/contract';
import { MetaService } from './modules/meta/meta.service';
import { mountQueueDashboard } from './modules/reminders/queue-dashboard';
import { MAX_UPLOAD_BYTES } from './modules/spreadsheets/spreadsheet-upload';
import { serveWebConsole } from './web-console';

export const API_PREFIX = 'api/v1';

/** The OpenAPI document each app built, whether or not it serves /docs-json: the contract tests validate against it. */
const publishedDocuments = new WeakMap<NestFastifyApplication, OpenAPIObject>();

/** The OpenAPI document createApp built for this app (the one /docs-json serves). */
export function publishedDocument(app: NestFastifyApplication): OpenAPIObject {
  const document = publishedDocuments.get(app);
  if (!document) throw new Error('this app was not built by createApp');
  return document;
}

/** Builds the HTTP application (not yet listening): the one set-up that main.ts, tests and the benchmark share. */
export async function createApp(
  config: AppConfig,
  logger: LoggerService = createLogger(config),
  options: { shutdownHooks?: boolean } = {},
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMITS.api,
    // X-Forwarded-For is believed only from the listed proxies: trusting anyone let a client pick its address (and dodge the login limiter).
    trustProxy: config.trustedProxies.length > 0 ? config.trustedProxies : false,
    requestIdHeader: false,
    genReqId: requestIdOf,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(config), adapter, { logger, bufferLogs: false });
  // Before any route is added: the hooks and the parser see every route's config (see @Public()).
  const fastify = app.getHttpAdapter().getInstance();
  applyPublicBodyLimit(fastify);
  app.useBodyParser('application/json', {}, jsonBodyParser(fastify));
  await registerSecurityHeaders(app);
  await registerCompression(app);
  // Registered here, before Nest's own set-up: loaded later (in a module's init) it took over Fastify's error handling.
  await app.register(fastifyMultipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 5, parts: 10 } });
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health'] });
  app.useGlobalPipes(createValidationPipe());
  if (options.shutdownHooks !== false) app.enableShutdownHooks();

  const requestLog = new Logger('HTTP');
  fastify.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  // Every request at debug level; errors and slow requests (> 1 s) always. A log line per request cost ~6% of the list endpoint's throughput.
  fastify.addHook('onResponse', async (request, reply) => {
    const entry = {
      msg: 'request',
      requestId: request.id,
      method: request.method,
      url: redactUrl(request.url),
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime),
    };
    if (reply.statusCode >= 400 || reply.elapsedTime > 1000) requestLog.log(entry);
    else requestLog.debug(entry);
  });

  const described = new DocumentBuilder()
    .setTitle('招商 CRM API')
    .setDescription(
      '招商 CRM 接口 / Investment promotion CRM: leads, pipeline, commissioners, follow-ups, reminders, cockpit, spreadsheets. ' +
        'Every error answers the one ErrorResponse shape {statusCode, code, message, details}.',
    )
    .setVersion('1')
    .addBearerAuth()
    .build();
  const document = completeContract(
    SwaggerModule.createDocument(app, {
      ...described,
      info: { ...described.info, contact: { name: '招商 CRM (district investment promotion bureau)' }, license: { name: 'UNLICENSED' } },
    }),
    app,
  );
  // the console asks GET /meta, not /docs-json, which routes and query parameters this server has
  app.get(MetaService).learnRoutes(document, `/${API_PREFIX}`);
  publishedDocuments.set(app, document);
  // /docs and /docs-json: off in production unless DOCS_PUBLIC=1 (config.docs)
  if (config.docs) SwaggerModule.setup('docs', app, document);
  mountQueueDashboard(app);
  serveWebConsole(app);
  return app;
}
