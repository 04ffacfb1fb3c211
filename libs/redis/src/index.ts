export { redisCall } from './redis-call';
export { redisScript, type RedisScript } from './redis-script';
export { createRedisClient } from './redis-client.factory';
