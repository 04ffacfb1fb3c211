import { runFixedRateLoad } from './fixed-rate-load';

/**
 * `node fixed-rate-load.cli.js <url> <rate> <seconds> <body>`: the fixed-rate load in a process of its own
 * (the bench's own event loop would otherwise share its CPU with the load), its report as JSON on stdout.
 */
const [url, rate, seconds, body] = process.argv.slice(2);
if (url === undefined || body === undefined) {
  console.error('usage: fixed-rate-load.cli.js <url> <rate> <seconds> <body>');
  process.exit(2);
}
runFixedRateLoad({ url, rate: Number(rate), seconds: Number(seconds), body }).then(
  (report) => {
    process.stdout.write(JSON.stringify(report));
    process.exit(0);
  },
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
