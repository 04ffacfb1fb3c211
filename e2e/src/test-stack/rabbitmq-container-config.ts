/** How the testcontainers RabbitMQ is configured: as docker-compose.kafka.yml's (test/docker-compose.spec.ts). */
export const RABBITMQ_CONTAINER = {
  amqpPort: 5672,
  // Per-object metrics so Prometheus sees each queue's depth, as in Docker mode.
  environment: { RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS: '-rabbitmq_prometheus return_per_object_metrics true' },
} as const;

/**
 * AMQP_URL for processes on the host. The image lets `guest` in from other hosts (its
 * loopback_users.guest = false), which a connection through Docker's published port is.
 */
export const rabbitmqContainerUrl = (host: string, hostPort: number): string =>
  `amqp://guest:guest@${host}:${hostPort}`;
