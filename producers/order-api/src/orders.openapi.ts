import type { SchemaObject } from '@nestjs/swagger';
import { z } from 'zod';

import { NOTIFICATION_CHANNELS, NOTIFICATION_KINDS, SALES_CHANNELS } from '@orderflow/contracts';

import { ORDER_STATUSES } from './order-status';
import { orderRequestSchema } from './order-request.schema';

// The OpenAPI document describes the bodies with the same zod schema that validates them, so the two
// cannot drift; response shapes are written out here once.

export const createOrderBodySchema = z.toJSONSchema(orderRequestSchema, {
  target: 'openapi-3.0',
  io: 'input',
}) as SchemaObject;

export const acceptedOrderSchema: SchemaObject = {
  type: 'object',
  required: ['orderId', 'status', 'totalCents', 'currency'],
  properties: {
    orderId: { type: 'string', format: 'uuid' },
    status: { type: 'string', enum: ['PENDING'] },
    totalCents: { type: 'integer', description: 'Sum of quantity × unitPriceCents.' },
    currency: { type: 'string', example: 'EUR' },
  },
};

export const outcomeUnknownSchema: SchemaObject = {
  type: 'object',
  required: ['error', 'status', 'orderId', 'message'],
  properties: {
    error: { type: 'string', enum: ['outcome_unknown'] },
    status: { type: 'string', enum: ['UNKNOWN'] },
    orderId: {
      type: 'string',
      format: 'uuid',
      description: 'The order, if it was placed; also in Location.',
    },
    message: { type: 'string' },
  },
};

export const orderStatusViewSchema: SchemaObject = {
  type: 'object',
  required: [
    'orderId',
    'status',
    'customerId',
    'totalCents',
    'currency',
    'items',
    'channel',
    'couponCode',
    'notifications',
    'updatedAt',
  ],
  properties: {
    orderId: { type: 'string' },
    status: { type: 'string', enum: [...ORDER_STATUSES] },
    reason: { type: 'string', description: 'Why the order was REJECTED or PAYMENT_FAILED.' },
    customerId: { type: 'string', nullable: true },
    totalCents: { type: 'integer', nullable: true },
    currency: { type: 'string', nullable: true },
    items: {
      type: 'array',
      items: {
        type: 'object',
        required: ['sku', 'quantity'],
        properties: {
          sku: { type: 'string' },
          quantity: { type: 'integer' },
          unitPriceCents: { type: 'integer' },
        },
      },
    },
    channel: {
      type: 'string',
      enum: [...SALES_CHANNELS],
      nullable: true,
      description: 'Where the order was placed; UNKNOWN for an order sent without one (or by a v1 producer).',
    },
    couponCode: { type: 'string', nullable: true, description: 'The coupon the customer entered, if any.' },
    notifications: {
      type: 'array',
      items: {
        type: 'object',
        required: ['kind', 'channel', 'sentAt'],
        properties: {
          kind: { type: 'string', enum: [...NOTIFICATION_KINDS] },
          channel: { type: 'string', enum: [...NOTIFICATION_CHANNELS] },
          sentAt: { type: 'string', format: 'date-time' },
        },
      },
    },
    stockReleasedAt: { type: 'string', format: 'date-time' },
    deliveryStartedAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
};

export const errorSchema: SchemaObject = {
  type: 'object',
  required: ['error'],
  properties: {
    error: { type: 'string', example: 'invalid_order' },
    message: { type: 'string' },
    issues: {
      type: 'array',
      items: {
        type: 'object',
        required: ['path', 'message'],
        properties: { path: { type: 'string', example: 'items.0.quantity' }, message: { type: 'string' } },
      },
    },
  },
};
