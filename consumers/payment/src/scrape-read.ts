/**
 * The registry collects every metric of a scrape at once: gauges fed by one read wait for the same call
 * instead of each asking the server again.
 */
export const oneReadPerScrape = (read: () => Promise<void>): (() => Promise<void>) => {
  let pending: Promise<void> | undefined;
  return () => (pending ??= read().finally(() => (pending = undefined)));
};
