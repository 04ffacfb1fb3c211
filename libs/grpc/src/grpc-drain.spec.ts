import {
  Server,
  ServerCredentials,
  credentials,
  makeGenericClientConstructor,
  status,
  type Client,
  type ServiceDefinition,
  type ServiceError,
  type sendUnaryData,
  type ServerUnaryCall,
} from '@grpc/grpc-js';

import { drainGrpcServer } from './grpc-drain';

// One unary method whose answer the test releases: a call the test knows is in flight.
const passBytes = { serialize: (bytes: Buffer) => bytes, deserialize: (bytes: Buffer) => bytes };
const HOLD_SERVICE: ServiceDefinition = {
  hold: {
    path: '/orderflow.test.Held/Hold',
    requestStream: false,
    responseStream: false,
    requestSerialize: passBytes.serialize,
    requestDeserialize: passBytes.deserialize,
    responseSerialize: passBytes.serialize,
    responseDeserialize: passBytes.deserialize,
  },
};
type HoldClient = Client & {
  hold(
    request: Buffer,
    options: { deadline: number },
    done: (error: ServiceError | null, answer?: Buffer) => void,
  ): void;
};
const HoldClientConstructor = makeGenericClientConstructor(HOLD_SERVICE, 'Held') as unknown as new (
  address: string,
  channelCredentials: ReturnType<typeof credentials.createInsecure>,
) => HoldClient;

describe('drainGrpcServer on a real grpc-js server', () => {
  let server: Server;
  let client: HoldClient;
  let entered: Promise<void>;
  let release: () => void;

  beforeEach(async () => {
    let signalEntered!: () => void;
    entered = new Promise((resolve) => (signalEntered = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    server = new Server();
    server.addService(HOLD_SERVICE, {
      hold: (call: ServerUnaryCall<Buffer, Buffer>, answer: sendUnaryData<Buffer>) => {
        signalEntered();
        void released.then(() => answer(null, Buffer.from(`done ${call.request.toString()}`)));
      },
    });
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) =>
        error ? reject(error) : resolve(bound),
      ),
    );
    client = new HoldClientConstructor(`127.0.0.1:${port}`, credentials.createInsecure());
  });

  afterEach(() => {
    release();
    client.close();
    server.forceShutdown();
  });

  const call = (request: string): Promise<{ answer?: string; code?: status }> =>
    new Promise((resolve) =>
      client.hold(Buffer.from(request), { deadline: Date.now() + 5_000 }, (error, answer) =>
        resolve(error ? { code: error.code } : { answer: answer?.toString() }),
      ),
    );

  it('lets a call in flight finish, refuses new ones meanwhile, and ends once it has answered', async () => {
    const inFlight = call('first');
    await entered;
    const drained = drainGrpcServer(server, 5_000);
    // The listener is closed and the connection told GOAWAY: a new call finds no server.
    await expect(call('second')).resolves.toEqual({ code: status.UNAVAILABLE });
    release();
    await expect(inFlight).resolves.toEqual({ answer: 'done first' });
    await expect(drained).resolves.toEqual({ cutShort: false });
  });

  it('cancels what is still open at the bound, and says it cut the drain short', async () => {
    const inFlight = call('stuck');
    await entered;
    await expect(drainGrpcServer(server, 200)).resolves.toEqual({ cutShort: true });
    await expect(inFlight).resolves.toEqual({ code: status.CANCELLED });
  });

  it('ends at once when nothing is in flight', async () => {
    await expect(drainGrpcServer(server, 5_000)).resolves.toEqual({ cutShort: false });
  });
});
