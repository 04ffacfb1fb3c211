import {
  Inject,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { Observable } from 'rxjs';

import type { HttpMetrics } from './http-metrics';

export const HTTP_METRICS = Symbol('orderflow:http-metrics');

/** The parts of Express's request and response this interceptor reads. */
interface RoutedRequest {
  method: string;
  route?: { path?: string };
}
interface FinishingResponse {
  statusCode: number;
  once(event: 'finish', listener: () => void): unknown;
}

/**
 * Times every HTTP request that reached a route handler. It records on the response's `finish` rather than
 * when the handler returns, so the status is the one sent, also when an exception filter chose it.
 */
@Injectable()
export class HttpMetricsInterceptor implements NestInterceptor {
  constructor(@Inject(HTTP_METRICS) private readonly metrics: HttpMetrics) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    // Global interceptors also wrap the Kafka handlers of a hybrid app; those have their own metrics.
    if (context.getType() !== 'http') return next.handle();
    const http = context.switchToHttp();
    const request = http.getRequest<RoutedRequest>();
    const response = http.getResponse<FinishingResponse>();
    const started = process.hrtime.bigint();
    response.once('finish', () => {
      this.metrics.requestFinished(
        { method: request.method, route: request.route?.path ?? 'unmatched', status: response.statusCode },
        Number(process.hrtime.bigint() - started) / 1e9,
      );
    });
    return next.handle();
  }
}
