import { redisScript } from '@orderflow/redis';

/**
 * The Lua scripts that change stock. Redis runs a script atomically, so a reservation checks and takes
 * every line of an order in one step: two orders racing for the last unit cannot both win, and an order
 * never ends up half reserved. Each script first consults the order's reservation record, which is what
 * makes a redelivered event a no-op on stock.
 *
 * Both scripts touch two keys (the stock hash and the order's record); on Redis Cluster those would need a
 * shared hash tag to live in one slot.
 */

/** Redis's clock in epoch ms: the time stored with a record, which re-announcements of it repeat. */
const NOW_MS = `(function() local t = redis.call('TIME') return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) end)()`;

/**
 * KEYS[1] stock hash (sku → available units), KEYS[2] the order's reservation record.
 * ARGV[1] record TTL in seconds, then sku, quantity pairs.
 * Returns the record (JSON): the stored one if the order was seen before, else the new outcome, with
 * `at`, the time it was decided. A record released before any reservation (see releaseScript) takes no
 * stock: it gains the order's lines and the time, and comes back as released.
 */
export const reserveScript = redisScript(`
local existing = redis.call('GET', KEYS[2])
if existing then
  local record = cjson.decode(existing)
  if record.state ~= 'released' or record.lines ~= nil then return existing end
  record.lines = {}
  for i = 2, #ARGV, 2 do record.lines[#record.lines + 1] = { sku = ARGV[i], quantity = tonumber(ARGV[i + 1]) } end
  record.at = ${NOW_MS}
  local updated = cjson.encode(record)
  redis.call('SET', KEYS[2], updated, 'KEEPTTL')
  return updated
end

local lines, missing = {}, {}
for i = 2, #ARGV, 2 do
  local sku, requested = ARGV[i], tonumber(ARGV[i + 1])
  local stored = redis.call('HGET', KEYS[1], sku)
  local available = 0
  if stored then available = tonumber(stored) end
  -- Checked before any write: Redis does not roll a failing script back.
  if available == nil or available ~= math.floor(available) then
    return redis.error_reply('stock of ' .. sku .. ' is not a whole number: ' .. tostring(stored))
  end
  lines[#lines + 1] = { sku = sku, quantity = requested }
  if available < requested then
    missing[#missing + 1] = { sku = sku, requested = requested, available = available }
  end
end

local record
if #missing == 0 then
  for _, line in ipairs(lines) do redis.call('HINCRBY', KEYS[1], line.sku, -line.quantity) end
  record = cjson.encode({ state = 'reserved', lines = lines, at = ${NOW_MS} })
else
  record = cjson.encode({ state = 'rejected', missing = missing, at = ${NOW_MS} })
end
redis.call('SET', KEYS[2], record, 'EX', ARGV[1])
return record
`);

/**
 * KEYS[1] stock hash, KEYS[2] the order's reservation record. ARGV[1] id of the event asking for the release,
 * ARGV[2] record TTL in seconds. Only a record in state reserved is released: its lines go back into stock
 * and it becomes released, remembering ARGV[1] and the time (`releasedAt`). Returns { change, record }:
 * change is 'released' (stock given back now), 'unchanged' (nothing to give back; record as stored) or
 * 'ahead' (no record yet: a released one without lines is stored, so the reservation, when it comes,
 * takes nothing).
 *
 * A release only follows a reservation (payment saw inventory.reserved), so no record means Redis lost it:
 * a failover to a lagging replica rolled the record back, and order.created is read again after it, in
 * any order with this payment.failed. Remembering the release keeps that late reservation from holding
 * the stock for ever.
 */
export const releaseScript = redisScript(`
local stored = redis.call('GET', KEYS[2])
if not stored then
  local ahead = cjson.encode({ state = 'released', releasedBy = ARGV[1], releasedAt = ${NOW_MS} })
  redis.call('SET', KEYS[2], ahead, 'EX', ARGV[2])
  return { 'ahead', ahead }
end

local record = cjson.decode(stored)
if record.state ~= 'reserved' then return { 'unchanged', stored } end

for _, line in ipairs(record.lines) do redis.call('HINCRBY', KEYS[1], line.sku, line.quantity) end
record.state = 'released'
record.releasedBy = ARGV[1]
record.releasedAt = ${NOW_MS}
local updated = cjson.encode(record)
redis.call('SET', KEYS[2], updated, 'KEEPTTL')
return { 'released', updated }
`);
