import { redisScript } from '@orderflow/redis';

// A key's record lives for the key's TTL from its first claim; the lease is a time inside it
// (`leaseUntil`, Redis clock), so a released or expired claim still remembers the body it is bound to and
// the `occurredAt` its event was first published with: a retry publishes the same bytes.

/**
 * KEYS[1] key; ARGV[1] token, ARGV[2] bodyHash, ARGV[3] occurredAt for a first claim, ARGV[4] lease ms,
 * ARGV[5] TTL seconds. Claims the key when it is free, its lease over, or already the caller's (a command
 * re-sent after a reconnect); returns the record stored afterwards, the caller's claim or another's.
 */
export const claimKeyScript = redisScript(`
local now = redis.call('TIME')
local nowMs = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
local occurredAt = tonumber(ARGV[3])
local current = redis.call('GET', KEYS[1])
if current then
  local record = cjson.decode(current)
  if record.bodyHash ~= ARGV[2] or record.state ~= 'claimed' then return current end
  if record.token == ARGV[1] then return current end
  -- A claim without leaseUntil is an older version's, leased by the key's own expiry: wait for that.
  if record.leaseUntil == nil or tonumber(record.leaseUntil) > nowMs then return current end
  occurredAt = tonumber(record.occurredAt) or occurredAt
end
local claimed = cjson.encode({
  state = 'claimed', bodyHash = ARGV[2], token = ARGV[1], occurredAt = occurredAt,
  leaseUntil = nowMs + tonumber(ARGV[4])
})
redis.call('SET', KEYS[1], claimed, 'EX', tonumber(ARGV[5]))
return claimed
`);

// Both scripts below act only while the caller's claim token is still the one stored: a request whose
// lease expired (and whose key another request claimed since) must neither overwrite nor free the new claim.

/** KEYS[1] key; ARGV[1] token, ARGV[2] completed record JSON, ARGV[3] TTL seconds. Returns 1 if stored. */
export const completeClaimScript = redisScript(`
local current = redis.call('GET', KEYS[1])
if not current then return 0 end
local record = cjson.decode(current)
if record.state ~= 'claimed' or record.token ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'EX', tonumber(ARGV[3]))
return 1
`);

/** KEYS[1] key; ARGV[1] token. Ends the caller's lease now, keeping the record. Returns 1 if released. */
export const releaseClaimScript = redisScript(`
local current = redis.call('GET', KEYS[1])
if not current then return 0 end
local record = cjson.decode(current)
if record.state ~= 'claimed' or record.token ~= ARGV[1] then return 0 end
record.leaseUntil = 0
redis.call('SET', KEYS[1], cjson.encode(record), 'KEEPTTL')
return 1
`);
