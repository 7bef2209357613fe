import { expect } from '@jest/globals';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { API_PREFIX, publishedDocument } from '../../../src/app.factory';
import { CONTRACT_CHECK, CONTRACT_REPORT } from '../test-env';
import { ContractCheck, Violation } from './contract-check';

/** A violation with the test that received the response. */
export interface RecordedViolation extends Violation {
  suite: string;
  test: string;
}

/**
 * Checks every response an e2e app sends against the OpenAPI document the app publishes (closed schemas, see
 * ContractCheck), from a Fastify onSend hook: the first hook of every route, so it sees the body before compression.
 * CONTRACT_CHECK=enforce (the default) fails the suite at TestApp.close(); `report` appends the violations to
 * CONTRACT_REPORT for scripts/contract-report.mjs; `off` checks nothing (diagnosis only).
 */
export class ContractRecorder {
  readonly violations: RecordedViolation[] = [];

  private constructor(private readonly check: ContractCheck) {}

  /** Installs the check on an app before it is ready, or nothing when CONTRACT_CHECK=off. */
  static install(app: NestFastifyApplication): ContractRecorder | null {
    if (CONTRACT_CHECK === 'off') return null;
    const recorder = new ContractRecorder(ContractCheck.of(publishedDocument(app)));
    const prefix = `/${API_PREFIX}`;
    app
      .getHttpAdapter()
      .getInstance()
      .addHook('onSend', async (request, reply, payload) => {
        const route = request.routeOptions.url;
        // HEAD and OPTIONS are Fastify's own; no route: a 404 for a path the app does not have
        if (route === undefined || request.method === 'HEAD' || request.method === 'OPTIONS') return payload;
        if (!recorder.check.documents(route, prefix)) return payload;
        const body =
          typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : payload == null ? '' : null;
        const contentType = reply.getHeader('content-type');
        const exchange = {
          method: request.method,
          route,
          status: reply.statusCode,
          contentType: typeof contentType === 'string' ? contentType : undefined,
          body,
        };
        try {
          recorder.record(recorder.check.check(exchange));
        } catch (error) {
          // a schema ajv cannot compile (an unresolvable $ref …) is the document's fault too, and must not break the response
          const problem = `schema not checkable: ${error instanceof Error ? error.message : String(error)}`;
          recorder.record([{ operation: `${request.method} ${route}`, status: reply.statusCode, problem }]);
        }
        return payload;
      });
    return recorder;
  }

  private record(violations: Violation[]): void {
    if (violations.length === 0) return;
    const state = expect.getState();
    const suite = state.testPath ? relative(process.cwd(), state.testPath) : '';
    this.violations.push(
      ...violations.map((violation) => ({ ...violation, suite, test: state.currentTestName ?? '(a beforeAll or afterAll hook)' })),
    );
  }

  /** At the app's close: in enforce mode throws the list of violations, in report mode appends them to the report file. */
  finish(): void {
    const violations = this.violations.splice(0);
    if (violations.length === 0) return;
    if (CONTRACT_CHECK === 'report') {
      mkdirSync(dirname(CONTRACT_REPORT), { recursive: true });
      appendFileSync(CONTRACT_REPORT, violations.map((violation) => `${JSON.stringify(violation)}\n`).join(''));
      return;
    }
    throw new Error(contractFailure(violations));
  }
}

/** The violations, one line per distinct problem, with how often and the first test that met it. */
export function contractFailure(violations: RecordedViolation[]): string {
  const distinct = new Map<string, { violation: RecordedViolation; count: number }>();
  for (const violation of violations) {
    const key = `${violation.operation} ${violation.status} ${violation.problem}`;
    const seen = distinct.get(key);
    if (seen) seen.count += 1;
    else distinct.set(key, { violation, count: 1 });
  }
  const lines = [...distinct.values()].map(
    ({ violation: v, count }) =>
      `- ${v.operation} → ${v.status}: ${v.problem}${count > 1 ? ` (×${count})` : ''}${v.excerpt ? `\n    body: ${v.excerpt}` : ''}\n    in: ${v.test}`,
  );
  return [
    `${violations.length} response(s) do not match the OpenAPI document the app publishes (closed schemas; test/support/contract/):`,
    ...lines,
    'CONTRACT_CHECK=report lists them without failing; `node scripts/contract-report.mjs` collects them over the e2e suites.',
  ].join('\n');
}
