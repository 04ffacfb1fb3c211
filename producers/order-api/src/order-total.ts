import type { OrderItem } from '@orderflow/contracts';

/** Sum of quantity × unit price in minor units; exact, since validated orders stay far below 2^53. */
export const totalCents = (items: readonly OrderItem[]): number =>
  items.reduce((sum, item) => sum + item.quantity * item.unitPriceCents, 0);
