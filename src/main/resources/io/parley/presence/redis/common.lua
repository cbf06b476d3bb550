-- Prepended to every presence script. Each script runs atomically in Redis, so no other writer, on any node, sees
-- or interleaves with its reads and writes.
-- KEYS: deadlines (zset user -> millis it falls silent; member exactly while online), lastActive (hash user ->
-- millis), nodes (zset node -> millis of its latest call).
-- ARGV: devices key prefix, node id, now millis, offlineAfter millis, then the script's own arguments.
local deadlines, lastActive, nodes = KEYS[1], KEYS[2], KEYS[3]
local devicesPrefix, node = ARGV[1], ARGV[2]
local now, offlineAfter = tonumber(ARGV[3]), tonumber(ARGV[4])

-- as an integer: tostring would keep only 14 significant digits
local function int(number)
  return string.format('%d', number)
end

-- the hash of one node's connected devices: user -> JSON {deviceId: open connections}
local function devicesOf(nodeId)
  return devicesPrefix .. nodeId
end

-- every call of a node shows that it lives; GT keeps the latest when calls of one node arrive out of order
local function beat()
  redis.call('ZADD', nodes, 'GT', int(now), node)
end

-- a sign of life of user at now; true when the user was offline before
local function markActive(user)
  local last = math.max(now, tonumber(redis.call('HGET', lastActive, user) or now))
  redis.call('HSET', lastActive, user, int(last))
  local wasOffline = not redis.call('ZSCORE', deadlines, user)
  redis.call('ZADD', deadlines, 'GT', int(last + offlineAfter), user)
  return wasOffline
end
