/**
 * Who a service is, declared once in its `<service>.identity.ts`: its config reads the port through it,
 * and `orderflow start` (tools/stack's service catalog) runs it from it.
 */
export interface ServiceIdentity {
  /** The name in logs, client ids and `orderflow start`, e.g. `inventory`. */
  name: string;
  /** Its consumer group as declared in topics.yaml. */
  group: string;
  /** The variable its HTTP port is read from, e.g. `INVENTORY_PORT`. */
  portVariable: string;
  defaultPort: number;
  /** Its entry point relative to the checkout, built by `npm run build`. */
  script: string;
}
