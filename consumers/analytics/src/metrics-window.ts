/**
 * One-minute tumbling windows over event time. A window is identified by its inclusive start in epoch
 * milliseconds; it is keyed on the compacted topic by that start as an ISO string.
 */
export const WINDOW_MS = 60_000;

/** Start of the window an instant (epoch ms) falls in; the window is [start, start + WINDOW_MS). */
export const windowStartOf = (epochMs: number): number => Math.floor(epochMs / WINDOW_MS) * WINDOW_MS;

export const windowEndOf = (windowStart: number): number => windowStart + WINDOW_MS;

/** The record key on analytics.order-metrics, e.g. 2026-11-21T12:34:00.000Z. */
export const windowKey = (windowStart: number): string => new Date(windowStart).toISOString();
