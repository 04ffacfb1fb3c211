import { z } from 'zod';

import { SALES_CHANNELS, type SalesChannel } from '@orderflow/contracts';

/** Limits of one order: Avro `int` quantities, and totals that stay exact below 2^53 (100 × 1000 × 10^9). */
export const ORDER_LIMITS = {
  maxItems: 100,
  maxQuantity: 1000,
  maxUnitPriceCents: 1_000_000_000,
  maxCustomerIdLength: 128,
  maxSkuLength: 64,
  maxCouponCodeLength: 64,
} as const satisfies Record<string, number>;

/** The stock seed's sku pattern (consumers/inventory/src/stock-levels.ts): a sku nobody stocks is refused here. */
export const SKU_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

// C0 and C1 controls (DEL included) and the Unicode line and paragraph separators: customerId becomes a
// notification recipient, where CR/LF would start a new header and NUL ends a C string.
const CONTROL_CHARACTER = /[\p{Cc}\p{Zl}\p{Zp}]/u;

const codePointOf = (text: string): string =>
  `U+${(text.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

// ES2024's String.prototype.isWellFormed (Node 20+), typed here while the build targets ES2023 typings.
const isWellFormed = (text: string): boolean => (text as string & { isWellFormed(): boolean }).isWellFormed();

/**
 * Text that is safe to store, log and send on: well-formed Unicode (an unpaired surrogate would become
 * U+FFFD in Avro, so two different skus could arrive as one), no control characters, NFC-normalised so
 * that one visible string has one encoding.
 */
const boundedText = (field: string, max: number) =>
  z
    .string({ error: `${field} must be a string` })
    .min(1, { error: `${field} must not be empty`, abort: true })
    .refine(isWellFormed, {
      error: `${field} must be well-formed Unicode (it holds an unpaired UTF-16 surrogate)`,
      abort: true,
    })
    .superRefine((text, context) => {
      const control = CONTROL_CHARACTER.exec(text);
      if (control === null) return;
      context.addIssue({
        code: 'custom',
        message: `${field} must not contain control characters or line breaks (found ${codePointOf(control[0])} at position ${control.index})`,
        abort: true,
      });
    })
    .transform((text) => text.normalize('NFC'))
    .pipe(
      z
        .string()
        .max(max, { error: `${field} must be at most ${max} characters` })
        .regex(/\S/, { error: `${field} must not be blank` }),
    )
    // The OpenAPI document shows the input side of a pipe only; these state the rest.
    .meta({
      maxLength: max,
      description: `Well-formed Unicode without control characters or line breaks, stored NFC-normalised; at most ${max} characters.`,
    });

const orderItemSchema = z.object({
  sku: boundedText('sku', ORDER_LIMITS.maxSkuLength)
    .pipe(
      z.string().regex(SKU_PATTERN, {
        error: 'sku must start with a letter or digit and hold only letters, digits, ".", "_" or "-"',
      }),
    )
    .meta({ maxLength: ORDER_LIMITS.maxSkuLength, pattern: SKU_PATTERN.source }),
  quantity: z
    .number({ error: 'quantity must be a number' })
    .int({ error: 'quantity must be a whole number' })
    .min(1, { error: 'quantity must be at least 1' })
    .max(ORDER_LIMITS.maxQuantity, { error: `quantity must be at most ${ORDER_LIMITS.maxQuantity}` }),
  unitPriceCents: z
    .number({ error: 'unitPriceCents must be a number' })
    .int({ error: 'unitPriceCents must be a whole number of cents' })
    .min(0, { error: 'unitPriceCents must not be negative' })
    .max(ORDER_LIMITS.maxUnitPriceCents, {
      error: `unitPriceCents must be at most ${ORDER_LIMITS.maxUnitPriceCents}`,
    }),
});

/**
 * The channels a client may name. UNKNOWN is what an order without one is recorded as (as every v1 record
 * reads), not something a client asserts.
 */
export const REQUESTABLE_CHANNELS = SALES_CHANNELS.filter(
  (channel): channel is Exclude<SalesChannel, 'UNKNOWN'> => channel !== 'UNKNOWN',
);

export const orderRequestSchema = z.object(
  {
    customerId: boundedText('customerId', ORDER_LIMITS.maxCustomerIdLength),
    items: z
      .array(orderItemSchema, { error: 'items must be an array' })
      .min(1, { error: 'items must hold at least one line' })
      .max(ORDER_LIMITS.maxItems, { error: `items must hold at most ${ORDER_LIMITS.maxItems} lines` }),
    currency: z
      .string({ error: 'currency must be a string' })
      .regex(/^[A-Z]{3}$/, { error: 'currency must be an ISO 4217 code of 3 uppercase letters, e.g. EUR' }),
    channel: z
      .enum(REQUESTABLE_CHANNELS, { error: `channel must be one of ${REQUESTABLE_CHANNELS.join(', ')}` })
      .optional()
      .meta({ description: 'Where the order was placed; recorded as UNKNOWN when left out.' }),
    couponCode: boundedText('couponCode', ORDER_LIMITS.maxCouponCodeLength)
      .nullable()
      .optional()
      .meta({ description: 'The coupon the customer entered, if any; recorded as entered.' }),
  },
  { error: 'the body must be a JSON object' },
);

export type OrderRequest = z.infer<typeof orderRequestSchema>;

/** One bad field: `path` like `items.0.quantity` (empty for the body itself). */
export interface ValidationIssue {
  path: string;
  message: string;
}

export type OrderValidation = { ok: true; order: OrderRequest } | { ok: false; issues: ValidationIssue[] };

// Zod skips refinements while a field has issues, so duplicates are found on the raw input instead: an
// order with a bad quantity AND a repeated sku reports both at once.
const duplicateSkuIssues = (body: unknown): ValidationIssue[] => {
  const items = (body as { items?: unknown } | null)?.items;
  if (!Array.isArray(items)) return [];
  const seen = new Set<string>();
  return items.flatMap((item: unknown, index) => {
    const sku = (item as { sku?: unknown } | null)?.sku;
    if (typeof sku !== 'string') return [];
    if (!seen.has(sku)) {
      seen.add(sku);
      return [];
    }
    return [{ path: `items.${index}.sku`, message: `sku ${sku} appears more than once; merge the lines` }];
  });
};

/** Validates a POST /orders body, listing every bad field rather than stopping at the first. */
export const validateOrderRequest = (body: unknown): OrderValidation => {
  const parsed = orderRequestSchema.safeParse(body);
  const issues: ValidationIssue[] = [
    ...(parsed.success
      ? []
      : parsed.error.issues.map((issue) => ({
          path: issue.path.map(String).join('.'),
          message: issue.message,
        }))),
    ...duplicateSkuIssues(body),
  ];
  if (parsed.success && issues.length === 0) return { ok: true, order: parsed.data };
  return { ok: false, issues };
};
