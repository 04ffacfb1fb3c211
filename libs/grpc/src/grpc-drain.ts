import type { Server } from '@grpc/grpc-js';

export interface GrpcDrainOutcome {
  /** True when calls were still open at the bound and were cancelled (their clients hear CANCELLED). */
  cutShort: boolean;
}

/**
 * Stops a gRPC server gently: no new calls (clients are told GOAWAY and connect elsewhere), the calls in
 * flight run to their answer, and whatever is still open after `withinMs` is cancelled. Nest's transport
 * close cancels at once (forceShutdown), so a stopping order API used to cut a delivery being marked in
 * half: chaos case 14 sent six notifications' jobs to the DLQ that way.
 */
export const drainGrpcServer = (server: Server, withinMs: number): Promise<GrpcDrainOutcome> =>
  new Promise((resolve) => {
    const bound = setTimeout(() => {
      server.forceShutdown();
      resolve({ cutShort: true });
    }, withinMs);
    server.tryShutdown(() => {
      clearTimeout(bound);
      resolve({ cutShort: false });
    });
  });
