import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  HttpException,
  HttpStatus,
  NotFoundException,
  Param,
  Post,
  Req,
  Res,
  UseFilters,
} from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';

import { isOrderflowError } from '@orderflow/errors';

import { bodyHash } from './canonical-json';
import { HttpErrorsFilter } from './http-errors.filter';
import type { AcceptedOrder } from './idempotency-decision';
import { OrderIntakeService } from './order-intake.service';
import { OrderStatusFeed } from './order-status.feed';
import { streamStatusEvents, type EventStreamRequest, type EventStreamResponse } from './order-status.sse';
import { validateOrderRequest } from './order-request.schema';
import { OrderStatusRepository, type OrderStatusView } from './order-status.repository';
import {
  acceptedOrderSchema,
  createOrderBodySchema,
  errorSchema,
  orderStatusViewSchema,
  outcomeUnknownSchema,
} from './orders.openapi';
import { HEADER_LIMITS, isValidIdempotencyKey, REQUEST_HEADER } from './request-headers';

interface HeaderWriter {
  setHeader(name: string, value: string): unknown;
}

/** Seconds a client should wait before retrying when Kafka, the registry or Redis is down. */
const RETRY_AFTER_SECONDS = '5';

const error = (
  status: HttpStatus,
  body: { error: string; message: string } & Record<string, unknown>,
): HttpException => new HttpException(body, status);

/** HTTP ⇄ OrderIntakeService and the status view: parsing, status codes and headers, nothing else. */
@ApiTags('orders')
@Controller('orders')
@UseFilters(HttpErrorsFilter)
export class OrdersController {
  constructor(
    private readonly intake: OrderIntakeService,
    private readonly statusViews: OrderStatusRepository,
    private readonly feed: OrderStatusFeed,
  ) {}

  @Post()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary: 'Place an order: answered once order.created is acknowledged by Kafka.',
    description:
      'Send `Content-Type: application/json` in UTF-8. Text fields must be well-formed Unicode without control characters (they are stored NFC-normalised); skus are letters, digits, ".", "_" and "-". With an Idempotency-Key, every retry of the same body is the same order (the same orderId), whatever the earlier attempt answered.',
  })
  @ApiBody({ schema: createOrderBodySchema })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      'Same key and body: the same order, also after a 503 or 504. The key stays bound to its body for a day: another body answers 422.',
  })
  @ApiHeader({ name: 'X-Correlation-Id', required: false, description: 'Echoed; generated when absent.' })
  @ApiResponse({
    status: 202,
    description: 'Accepted; Location points at the status.',
    schema: acceptedOrderSchema,
  })
  @ApiResponse({
    status: 400,
    description: 'Every invalid field (`issues`), malformed JSON, or a body that is not valid UTF-8.',
    schema: errorSchema,
  })
  @ApiResponse({ status: 409, description: 'The same key is still being processed.', schema: errorSchema })
  @ApiResponse({
    status: 413,
    description:
      'The body is too large (`payload_too_large`), or the order is (`order_too_large`); not placed.',
    schema: errorSchema,
  })
  @ApiResponse({ status: 415, description: 'The body is not `application/json`.', schema: errorSchema })
  @ApiResponse({ status: 422, description: 'The key was used with a different body.', schema: errorSchema })
  @ApiResponse({
    status: 503,
    description:
      'Not placed: nothing was sent (Kafka, the registry or Redis is down, the send queue is full, or the instance is at its in-flight limit: `overloaded`). Retry after Retry-After.',
    schema: errorSchema,
  })
  @ApiResponse({
    status: 504,
    description:
      'Outcome unknown (`status: UNKNOWN`): order.created was sent but not acknowledged in time, so the order may exist. Location points at it. With an Idempotency-Key, retry with the same key and body (the same order, never a second one); without one, look the order up (404 can mean "not yet") before placing it again.',
    schema: outcomeUnknownSchema,
  })
  async create(
    @Body() body: unknown,
    @Headers(REQUEST_HEADER.correlationId) correlationId: string,
    @Headers(REQUEST_HEADER.idempotencyKey) idempotencyKey: string | undefined,
    @Res({ passthrough: true }) response: HeaderWriter,
  ): Promise<AcceptedOrder> {
    const receivedAt = Date.now();
    const validation = validateOrderRequest(body);
    if (!validation.ok) {
      throw new HttpException({ error: 'invalid_order', issues: validation.issues }, HttpStatus.BAD_REQUEST);
    }
    if (idempotencyKey !== undefined && !isValidIdempotencyKey(idempotencyKey)) {
      throw error(HttpStatus.BAD_REQUEST, {
        error: 'invalid_idempotency_key',
        message: `Idempotency-Key must be 1-${HEADER_LIMITS.idempotencyKey} visible ASCII characters without spaces.`,
      });
    }
    const outcome = await this.intake
      .submit({
        order: validation.order,
        correlationId,
        receivedAt,
        // The validated order, not the raw body: unknown fields do not change the order, and a deeply
        // nested one never reaches the hash.
        ...(idempotencyKey === undefined
          ? {}
          : { idempotency: { key: idempotencyKey, bodyHash: bodyHash(validation.order) } }),
      })
      .catch((failure: unknown) => {
        if (isOrderflowError(failure, 'EVENT_TOO_LARGE')) {
          throw error(HttpStatus.PAYLOAD_TOO_LARGE, {
            error: 'order_too_large',
            message: 'The order was not placed: it is too large to publish; split it into smaller orders.',
          });
        }
        // Only failures that sent nothing reach here retriable: outcome-unknown is an outcome of its own.
        if (isOrderflowError(failure) && failure.retriable) {
          response.setHeader('Retry-After', RETRY_AFTER_SECONDS);
          throw error(HttpStatus.SERVICE_UNAVAILABLE, {
            error: 'dependency_unavailable',
            message: 'The order was not placed because a dependency is down; retry later.',
          });
        }
        throw failure;
      });
    switch (outcome.kind) {
      case 'accepted':
        response.setHeader('Location', `/orders/${outcome.order.orderId}`);
        if (outcome.replayed) response.setHeader('Idempotent-Replayed', 'true');
        return outcome.order;
      case 'outcome-unknown':
        response.setHeader('Location', `/orders/${outcome.orderId}`);
        response.setHeader('Retry-After', RETRY_AFTER_SECONDS);
        throw error(HttpStatus.GATEWAY_TIMEOUT, {
          error: 'outcome_unknown',
          status: 'UNKNOWN',
          orderId: outcome.orderId,
          message:
            idempotencyKey === undefined
              ? 'The order may or may not have been placed: Kafka did not acknowledge it in time. Look it up at Location before placing it again.'
              : 'The order may or may not have been placed: Kafka did not acknowledge it in time. Retry with the same Idempotency-Key and body; it stays this one order.',
        });
      case 'idempotency-key-reused':
        throw error(HttpStatus.UNPROCESSABLE_ENTITY, {
          error: 'idempotency_key_reused',
          message: 'This Idempotency-Key was used with a different body; use a new key for a new order.',
        });
      case 'idempotency-key-busy':
        response.setHeader('Retry-After', '1');
        throw error(HttpStatus.CONFLICT, {
          error: 'idempotency_key_in_progress',
          message: 'A request with this Idempotency-Key is still being processed; retry shortly.',
        });
    }
  }

  @Get(':id')
  @ApiOperation({ summary: "An order's status view, kept up to date from the follow-up events." })
  @ApiResponse({ status: 200, schema: orderStatusViewSchema })
  @ApiResponse({ status: 404, schema: errorSchema })
  async find(
    @Param('id') orderId: string,
    @Res({ passthrough: true }) response: HeaderWriter,
  ): Promise<OrderStatusView> {
    const view = await this.statusViews.find(orderId).catch((failure: unknown) => {
      if (isOrderflowError(failure) && failure.retriable) {
        response.setHeader('Retry-After', RETRY_AFTER_SECONDS);
        throw error(HttpStatus.SERVICE_UNAVAILABLE, {
          error: 'dependency_unavailable',
          message: failure.message,
        });
      }
      throw failure;
    });
    if (view === null) {
      throw new NotFoundException({ error: 'order_not_found', message: `No order ${orderId} is known.` });
    }
    return view;
  }

  @Get(':id/events')
  @ApiOperation({
    summary:
      "The order's status as Server-Sent Events: the current view, then each change, until it is final.",
    description:
      'Each message is `event: status` with the status view as JSON (as GET /orders/:id); the stream ends after DELIVERY_STARTED, REJECTED or PAYMENT_FAILED, or with `event: error` (`{"error": "order_not_found" | "client_too_slow" | "unavailable"}`). The same feed as gRPC WatchOrder.',
  })
  @ApiResponse({ status: 200, description: '`text/event-stream`' })
  async events(
    @Param('id') orderId: string,
    @Req() request: EventStreamRequest,
    @Res() response: EventStreamResponse,
  ): Promise<void> {
    await streamStatusEvents(request, response, (signal) => this.feed.watchOrder(orderId, signal));
  }
}
