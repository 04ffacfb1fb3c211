import { credentials, makeGenericClientConstructor, type ServiceError } from '@grpc/grpc-js';
import { service as healthService } from 'grpc-health-check';

interface HealthClient {
  check(
    request: { service: string },
    options: { deadline: number },
    done: (error: ServiceError | null, response?: { status: string | number }) => void,
  ): void;
  close(): void;
}

const HealthClient = makeGenericClientConstructor(healthService, 'Health') as unknown as new (
  address: string,
  channelCredentials: ReturnType<typeof credentials.createInsecure>,
) => HealthClient;

/**
 * Asks a gRPC server's grpc.health.v1 Check for the whole server (""), as a load balancer would: the
 * readiness probe of a service that serves gRPC. Resolves with the status; rejects when there is no
 * answer before the timeout or the server is not SERVING.
 */
export const checkGrpcHealth = async (address: string, timeoutMs: number): Promise<{ status: string }> => {
  const client = new HealthClient(address, credentials.createInsecure());
  try {
    const response = await new Promise<{ status: string | number }>((resolve, reject) =>
      client.check({ service: '' }, { deadline: Date.now() + timeoutMs }, (error, answer) =>
        error || answer === undefined ? reject(error ?? new Error('no answer')) : resolve(answer),
      ),
    );
    const status = String(response.status);
    if (status !== 'SERVING' && status !== '1') throw new Error(`gRPC health is ${status}`);
    return { status: 'SERVING' };
  } finally {
    client.close();
  }
};
