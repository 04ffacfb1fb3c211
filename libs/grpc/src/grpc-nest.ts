import { once } from 'node:events';

import type { ServerWritableStream } from '@grpc/grpc-js';
import { Catch, type RpcExceptionFilter } from '@nestjs/common';
import { Observable, throwError } from 'rxjs';

import { toGrpcStatus } from './grpc-errors';

const isStatusObject = (value: unknown): value is { code: number } =>
  typeof value === 'object' && value !== null && typeof (value as { code?: unknown }).code === 'number';

/** Answers every error a gRPC handler throws with its mapped status (grpc-errors.ts), never Nest's UNKNOWN. */
@Catch()
export class GrpcErrorsFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown): Observable<never> {
    return throwError(() => (isStatusObject(exception) ? exception : toGrpcStatus(exception)));
  }
}

/**
 * Runs a server-streaming call from an async iterable, for a Nest `@GrpcMethod` that returns the result
 * (Nest ends the call when it completes and sends the error's status when it fails). Writes itself, so
 * that a slow client pushes back: after a write the call's buffer refuses, the next item is pulled only
 * once the call drains, and whatever the source buffers meanwhile is the source's to bound. A cancelled
 * call (the client went away, or its deadline passed) aborts the signal the source was given, and the
 * iterable's `finally` blocks release what it holds.
 */
export const streamToCall = <T, M>(
  call: ServerWritableStream<unknown, M>,
  source: (signal: AbortSignal) => AsyncIterable<T>,
  toMessage: (item: T) => M,
): Observable<never> =>
  new Observable<never>((subscriber) => {
    const abort = new AbortController();
    const cancel = () => abort.abort();
    call.once('cancelled', cancel);
    const deadline = call.getDeadline();
    const deadlineMs = deadline instanceof Date ? deadline.getTime() : deadline;
    const timer = Number.isFinite(deadlineMs)
      ? setTimeout(cancel, Math.max(0, deadlineMs - Date.now()))
      : undefined;
    const pump = async (): Promise<void> => {
      for await (const item of source(abort.signal)) {
        if (abort.signal.aborted) return;
        if (!call.write(toMessage(item))) {
          await Promise.race([once(call, 'drain'), once(abort.signal, 'abort')]);
        }
      }
    };
    pump().then(
      () => subscriber.complete(),
      (error: unknown) => subscriber.error(toGrpcStatus(error)),
    );
    return () => {
      clearTimeout(timer);
      call.off('cancelled', cancel);
      abort.abort();
    };
  });
