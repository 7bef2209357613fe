import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ErrorCode } from '../../common/errors/app-error';
import { QueueService } from '../../common/queue/queue.service';
import { AuthService } from '../auth/auth.service';
import { requestToken, sessionCookie } from '../auth/session-cookie';
import { Role } from '../users/role.enum';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';
/** The bearer header or the console's session cookie; on a first visit from outside the console, `?token=`. */
function tokenFrom(request: FastifyRequest): string | undefined {
  const query = (request.query as Record<string, unknown> | undefined)?.token;
  return requestToken(request) ?? (typeof query === 'string' ? query : undefined);
}

/**
 * bull-board at /admin/queues, for admins only. A browser cannot send a bearer header: an admin logged
 * in to the console is let in by the session cookie; otherwise the first visit may carry
 * `?token=<accessToken>`, which is then kept in the same session cookie (HttpOnly, Secure under TLS).
 */
export function mountQueueDashboard(app: NestFastifyApplication): void {
  const queues = app.get(QueueService).queues;
  const auth = app.get(AuthService);
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({
    queues: Object.values(queues).map((queue) => new BullMQAdapter(queue)),
    serverAdapter,
    options: { uiConfig: { boardTitle: '招商 CRM 队列' } },
  });
  const fastify = app.getHttpAdapter().getInstance();
  void fastify.register(async (scope) => {
    scope.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      const token = tokenFrom(request);
      const fail = (error: AppError) =>
        reply.status(error.status).send({ statusCode: error.status, code: error.code, message: error.message });
      if (!token)
        return fail(new AppError(ErrorCode.Unauthorized, 'Log in to the console as an admin, or open /admin/queues?token=<accessToken>'));
      try {
        const user = await auth.authenticate(token);
        if (!user.roles.includes(Role.Admin)) return fail(AppError.forbidden('The queue dashboard is for admins'));
      } catch (error) {
        return fail(error instanceof AppError ? error : new AppError(ErrorCode.Unauthorized, 'Invalid token'));
      }
      if (!requestToken(request)) void reply.header('set-cookie', sessionCookie(request, token));
    });
    await scope.register(serverAdapter.registerPlugin(), { prefix: QUEUE_DASHBOARD_PATH });
  });
}
