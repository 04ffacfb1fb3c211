import { createServer } from 'node:net';

import { ReflectionService } from '@grpc/reflection';
import type { Server } from '@grpc/grpc-js';
import { Transport, type GrpcOptions } from '@nestjs/microservices';
import { HealthImplementation } from 'grpc-health-check';

import { drainGrpcServer, type GrpcDrainOutcome } from './grpc-drain';
import { ORDER_SERVICE_NAME, ORDER_SERVICE_PACKAGE, loadOrderServiceDefinition } from './proto-files';

export interface GrpcServerSettings {
  host: string;
  port: number;
}

/** The running gRPC server, as the app that owns it steers it. */
export interface GrpcServerControl {
  /** What the server reports to grpc.health.v1 (Check and Watch). */
  setServing(serving: boolean): void;
  /** No new calls; those in flight finish, or are cancelled after `withinMs` (drainGrpcServer). */
  drain(withinMs: number): Promise<GrpcDrainOutcome>;
}

/**
 * The order service's gRPC transport for a hybrid Nest app (`app.connectMicroservice`), with
 * grpc.health.v1 and server reflection added to the same server so grpcurl-style tools (`buf curl`) can
 * list, describe and check it. Health is registered by hand rather than listed in `package`: Nest would
 * register an empty Health service of its own and the real one could not be added.
 * The server starts NOT_SERVING for both "" (the whole server) and the order service; the app flips it
 * once every transport runs, and back when it stops, then drains the server before Nest closes it.
 */
export const orderServiceGrpcOptions = ({
  host,
  port,
}: GrpcServerSettings): { options: GrpcOptions; control: GrpcServerControl } => {
  const packageDefinition = loadOrderServiceDefinition();
  const health = new HealthImplementation({ '': 'NOT_SERVING', [ORDER_SERVICE_NAME]: 'NOT_SERVING' });
  // Nest creates the server and hands it over once, here; before that there is nothing to drain.
  let running: Server | undefined;
  return {
    options: {
      transport: Transport.GRPC,
      options: {
        url: `${host}:${port}`,
        package: ORDER_SERVICE_PACKAGE,
        packageDefinition,
        // Clients ping every 30 s while a call is open (OrderServiceClientChannel); allow that, and
        // answer with our own pings so a vanished client's streams are released within a minute.
        keepalive: {
          keepaliveTimeMs: 30_000,
          keepaliveTimeoutMs: 10_000,
          http2MinPingIntervalWithoutDataMs: 10_000,
        },
        onLoadPackageDefinition: (_pkg: unknown, server: Server) => {
          running = server;
          new ReflectionService(packageDefinition).addToServer(server);
          health.addToServer(server);
        },
      },
    },
    control: {
      setServing: (serving) => {
        const state = serving ? 'SERVING' : 'NOT_SERVING';
        health.setStatus('', state);
        health.setStatus(ORDER_SERVICE_NAME, state);
      },
      drain: (withinMs) =>
        running === undefined ? Promise.resolve({ cutShort: false }) : drainGrpcServer(running, withinMs),
    },
  };
};

/**
 * A port the gRPC server can bind: `port` itself, or for 0 one the system has free now. Nest's gRPC
 * transport binds by URL and does not report the port it got, and the caller (readiness, tests) needs it;
 * the moment between this and the bind is the one race, acceptable where port 0 is used (tests).
 */
export const resolveGrpcPort = async (host: string, port: number): Promise<number> => {
  if (port !== 0) return port;
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen(0, host, resolve);
  });
  const { port: free } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return free;
};
