import { join } from 'node:path';

import * as protoLoader from '@grpc/proto-loader';
import { protoPath as healthProtoPath } from 'grpc-health-check';

import { projectPaths } from '@orderflow/config';

/** The order service's proto, relative to the proto root (its package path, as imports name it). */
export const ORDER_SERVICE_PROTO = 'orderflow/order/v1/order_service.proto';
export const ORDER_SERVICE_PACKAGE = 'orderflow.order.v1';
export const ORDER_SERVICE_NAME = `${ORDER_SERVICE_PACKAGE}.OrderService`;

/** Where the protos live: the module `buf` lints, and the released copy `buf breaking` compares against. */
export const protoDirs = (root = projectPaths().root) => ({
  protos: join(root, 'protos'),
  released: join(root, 'libs', 'grpc', 'released'),
});

/**
 * How messages look in TypeScript, shared by the loader at run time and the type generator, so the
 * generated types describe exactly what handlers receive: 64-bit integers as decimal strings (no
 * precision lost above 2^53), enums by name, every field present with its default.
 */
export const PROTO_LOADER_OPTIONS = {
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
} as const;

/**
 * The order service's package definition, with grpc.health.v1 beside it so server reflection describes
 * the health service too (standard tools list and call both).
 */
export const loadOrderServiceDefinition = (root?: string): protoLoader.PackageDefinition =>
  protoLoader.loadSync([join(protoDirs(root).protos, ORDER_SERVICE_PROTO), healthProtoPath], {
    ...PROTO_LOADER_OPTIONS,
    includeDirs: [protoDirs(root).protos],
  });
