import { ANALYTICS_SERVICE } from '@orderflow/analytics';
import type { ServiceIdentity } from '@orderflow/service-runtime';
import { INVENTORY_SERVICE } from '@orderflow/inventory';
import { NOTIFICATION_SERVICE } from '@orderflow/notification';
import { NOTIFICATION_SENDER_SERVICE } from '@orderflow/notification-sender';
import { ORDER_API_SERVICE } from '@orderflow/order-api';
import { PAYMENT_SERVICE } from '@orderflow/payment';

/** A service `orderflow start` runs, on the port its own identity declares. */
export interface ServiceDefinition {
  name: string;
  /** Entry point relative to the checkout, built by `npm run build`. */
  script: string;
  portVariable: string;
  port: number;
}

// A port variable set in the environment wins, as the service itself would read it: several checkouts on
// one machine (or anything else on 3000) then run side by side.
const definition = ({ name, script, portVariable, defaultPort }: ServiceIdentity): ServiceDefinition => ({
  name,
  script,
  portVariable,
  port: Number(process.env[portVariable] || defaultPort),
});

/**
 * Every orderflow service, each from the identity it declares once (`<service>.identity.ts`). order-api
 * also serves gRPC on ORDER_GRPC_PORT (50051 by default), which notification reads too to call it.
 */
export const SERVICES: readonly ServiceDefinition[] = [
  ORDER_API_SERVICE,
  INVENTORY_SERVICE,
  PAYMENT_SERVICE,
  NOTIFICATION_SERVICE,
  NOTIFICATION_SENDER_SERVICE,
  ANALYTICS_SERVICE,
].map(definition);
