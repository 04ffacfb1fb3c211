import { redisScript } from '@orderflow/consumer-runtime';

// Both scripts act only while the caller's claim token is still the one stored: a request whose lease
// expired (and whose key another request claimed since) must neither overwrite nor delete the new claim.

/** KEYS[1] key; ARGV[1] token, ARGV[2] completed record JSON, ARGV[3] TTL seconds. Returns 1 if stored. */
export const completeClaimScript = redisScript(`
local current = redis.call('GET', KEYS[1])
if not current then return 0 end
local record = cjson.decode(current)
if record.state ~= 'claimed' or record.token ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'EX', tonumber(ARGV[3]))
return 1
`);

/** KEYS[1] key; ARGV[1] token. Returns 1 if the claim was released. */
export const releaseClaimScript = redisScript(`
local current = redis.call('GET', KEYS[1])
if not current then return 0 end
local record = cjson.decode(current)
if record.state ~= 'claimed' or record.token ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
return 1
`);
