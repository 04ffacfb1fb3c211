import { redisScript } from '@orderflow/redis';

/**
 * Applies one StatusUpdate to an order's status hash atomically, so concurrent and out-of-order updates
 * (the HTTP path and the projection race; Kafka orders no two topics) converge on the same view:
 * - the status moves only to a higher rank (see STATUS_RANK), so terminal states stay terminal and a late
 *   `RESERVED` never overwrites `PAID`; its reason travels with it;
 * - order details are overwritten by the HTTP path (it has the order itself) and only filled in by
 *   follow-ups, which carry partial copies, so a view created by a fast projection is completed later;
 * - a notification is stored under its eventId (`n:<eventId>`), so a redelivery records it once;
 * - updatedAt is the latest fact's time, and only moves when something changed;
 * - a command (MarkDeliveryStarted) may require the current status to be one of a list: otherwise nothing
 *   is written (not even a view created) and the current status comes back;
 * - a status move is published on the replicas' status channel, in the same atomic step as the write, so
 *   every subscriber sees every change in the order Redis applied them (WatchOrder, SSE; see
 *   order-status.feed.ts). The message is the order id and the whole hash after the change.
 *
 * KEYS[1] view key
 * ARGV[1] status, ARGV[2] its rank, ARGV[3] reason ('' for none), ARGV[4] 'overwrite' | 'fill',
 * ARGV[5] the fact's time (epoch ms), ARGV[6] TTL seconds, ARGV[7] notification field ('' for none),
 * ARGV[8] notification JSON, ARGV[9] required current statuses (',A,B,' or '' for any),
 * ARGV[10] status channel, ARGV[11] order id, ARGV[12..] detail field/value pairs.
 * Returns { 1 if the status moved else 0, the status after the update ('' if there is no view) }.
 */
export const applyStatusUpdateScript = redisScript(`
local key = KEYS[1]
local changed = false

if ARGV[9] ~= '' then
  local current = redis.call('HGET', key, 'status')
  if not current or not string.find(ARGV[9], ',' .. current .. ',', 1, true) then
    return { 0, current or '' }
  end
end

for i = 12, #ARGV, 2 do
  if ARGV[4] == 'overwrite' then
    if redis.call('HGET', key, ARGV[i]) ~= ARGV[i + 1] then
      redis.call('HSET', key, ARGV[i], ARGV[i + 1])
      changed = true
    end
  elseif redis.call('HSETNX', key, ARGV[i], ARGV[i + 1]) == 1 then
    changed = true
  end
end

local moved = 0
local currentRank = tonumber(redis.call('HGET', key, 'rank'))
if currentRank == nil or tonumber(ARGV[2]) > currentRank then
  redis.call('HSET', key, 'status', ARGV[1], 'rank', ARGV[2])
  if ARGV[3] ~= '' then
    redis.call('HSET', key, 'reason', ARGV[3])
  else
    redis.call('HDEL', key, 'reason')
  end
  moved = 1
  changed = true
end

if ARGV[7] ~= '' and redis.call('HSETNX', key, ARGV[7], ARGV[8]) == 1 then
  changed = true
end

local updatedAt = tonumber(redis.call('HGET', key, 'updatedAt'))
if changed and (updatedAt == nil or tonumber(ARGV[5]) > updatedAt) then
  redis.call('HSET', key, 'updatedAt', ARGV[5])
end
redis.call('EXPIRE', key, tonumber(ARGV[6]))
if moved == 1 then
  redis.call('PUBLISH', ARGV[10], cjson.encode({ ARGV[11], redis.call('HGETALL', key) }))
end
return { moved, redis.call('HGET', key, 'status') }
`);
