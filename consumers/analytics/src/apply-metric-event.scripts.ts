import { redisScript } from '@orderflow/redis';

/** What the script answers; a duplicate is answered with the window key it was counted in instead. */
export const APPLY_RESULT = { applied: 1, staleConfirmation: -1 } as const;

/**
 * Applies one event to its window, at most once per eventId whatever window a copy names, atomically.
 *
 * KEYS[1] the event's applied record (string: the window it was counted in), kept as long as the figures
 * KEYS[2] the event's window figures (hash: counters, revenue:<currency>, channel:<channel>, timeToConfirm:*, and `version`,
 *         raised with every change a snapshot shows, so a snapshot read in one HGETALL carries the version
 *         of its figures). Kinds no snapshot carries leave it alone: every version then has a snapshot
 *         published after it, which is what lets a publisher tell that its record is stale.
 * KEYS[3] the order's timestamps (hash: createdAt, confirmedAt, timeToConfirmApplied)
 * KEYS[4] the figures of the window the order was confirmed in (order.created only, when the caller saw a
 *         confirmation; KEYS[2] otherwise). Passed in rather than built here, so every key is declared.
 * KEYS[5] the set of eventIds applied to the event's window, as earlier versions recorded them: read only,
 *         so an event counted before the applied records existed is still recognised in its window
 * ARGV    eventId, ttlSeconds, counter field, role (created | confirmed | count), occurredAt (epoch ms),
 *         the confirmedAt the caller saw ('' for none), breakdown field (revenue:<currency> of payment.completed,
 *         channel:<channel> of order.created; '' for none), the amount it adds, the
 *         window's key, '1' when snapshots carry the counter ('' otherwise)
 *
 * Time to confirm is added exactly once per order, by whichever of order.created and payment.completed is
 * applied second, to the window of the confirmation: so the figures do not depend on the order in which
 * the two topics are consumed. If the order's confirmedAt is not what the caller saw (a payment.completed
 * was applied in between), nothing is changed and the caller reads again and retries.
 *
 * Copies of one event can carry different occurredAt values (re-emitted by a version that dated follow-ups
 * at publication), so deduplicating per window would count each copy in its own window.
 *
 * Returns 1 when applied, -1 for a stale confirmedAt, and for an eventId already applied the key of the
 * window it was counted in ('' when only an earlier version's set knew it).
 */
export const applyMetricEventScript = redisScript(`
local applied, figures, order, confirmationFigures, legacyApplied = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local eventId, ttl, counter, role, occurredAt, seenConfirmedAt, breakdownField, breakdownAmount, window, published = unpack(ARGV)

local countedIn = redis.call('GET', applied)
if countedIn then return countedIn end
if redis.call('SISMEMBER', legacyApplied, eventId) == 1 then return '' end

local function addTimeToConfirm(target)
  local createdAt = redis.call('HGET', order, 'createdAt')
  local confirmedAt = redis.call('HGET', order, 'confirmedAt')
  if not createdAt or not confirmedAt then return end
  if redis.call('HSETNX', order, 'timeToConfirmApplied', '1') == 0 then return end
  -- Clocks of different services may disagree by a little: never count a negative duration.
  local ms = string.format('%d', math.max(0, tonumber(confirmedAt) - tonumber(createdAt)))
  redis.call('HINCRBY', target, 'timeToConfirm:count', 1)
  redis.call('HINCRBY', target, 'timeToConfirm:sumMs', ms)
  local max = redis.call('HGET', target, 'timeToConfirm:maxMs')
  if not max or tonumber(ms) > tonumber(max) then redis.call('HSET', target, 'timeToConfirm:maxMs', ms) end
  redis.call('HINCRBY', target, 'version', 1)
  redis.call('EXPIRE', target, ttl)
end

if role == 'created' then
  if (redis.call('HGET', order, 'confirmedAt') or '') ~= seenConfirmedAt then return -1 end
  redis.call('HSETNX', order, 'createdAt', occurredAt)
  addTimeToConfirm(confirmationFigures)
  redis.call('EXPIRE', order, ttl)
elseif role == 'confirmed' then
  redis.call('HSETNX', order, 'confirmedAt', occurredAt)
  addTimeToConfirm(figures)
  redis.call('EXPIRE', order, ttl)
end

redis.call('HINCRBY', figures, counter, 1)
if breakdownField ~= '' then redis.call('HINCRBY', figures, breakdownField, breakdownAmount) end
if published == '1' then redis.call('HINCRBY', figures, 'version', 1) end
redis.call('SET', applied, window, 'EX', ttl)
redis.call('EXPIRE', figures, ttl)
return 1
`);
