import { redisScript } from '@orderflow/redis';

/**
 * Records that a window's snapshot was acknowledged at `offset` of `partition`, and answers 1 when its
 * publisher must publish the window's current figures after it, 0 otherwise.
 *
 * KEYS[1] the window's landed snapshots (hash, per partition p: `offset:p` and `version:p` of the record
 *         with the highest offset, `seen:p` the highest version of any record there)
 * ARGV    partition, offset (decimal), the record's version, ttlSeconds
 *
 * Per partition because offsets only order records within one: the key (the window) puts every snapshot
 * of a window on one partition, but a topic given more partitions would move it.
 *
 * The last record at the highest offset is stale when an older-offset record carries a higher version.
 * That happens in one of two ways, and whichever step sees it first is told to republish: this record
 * became the highest while an older one carries more (it landed stale), or this record carries more
 * than the highest while that was not stale yet (the highest one landed stale and was checked before
 * this one). Each record at the highest offset so triggers at most one republish, and only when it is
 * an inversion; the republished record lands higher and goes through the same step.
 */
export const snapshotLandedScript = redisScript(`
local landed = KEYS[1]
local partition, offset, version, ttl = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4]
local offsetField, versionField, seenField = 'offset:' .. partition, 'version:' .. partition, 'seen:' .. partition

local highest = tonumber(redis.call('HGET', landed, offsetField))
local highestVersion = tonumber(redis.call('HGET', landed, versionField))
local seen = tonumber(redis.call('HGET', landed, seenField)) or -1
local staleBefore = highestVersion ~= nil and highestVersion < seen

local isHighest = highest == nil or offset > highest
if isHighest then
  highestVersion = version
  redis.call('HSET', landed, offsetField, ARGV[2], versionField, ARGV[3])
end
if version > seen then
  seen = version
  redis.call('HSET', landed, seenField, ARGV[3])
end
redis.call('EXPIRE', landed, ttl)

if highestVersion < seen and (isHighest or not staleBefore) then return 1 end
return 0
`);
