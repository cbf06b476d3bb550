-- ARGV[5]: most users to take offline, ARGV[6]: '1' to claim, '0' only to beat (while the caller's own heartbeats
-- may have been lost). Returns the users taken offline: removed from deadlines in this same atomic step, so a user
-- is returned to exactly one caller however many nodes expire at once.
beat()
if ARGV[6] ~= '1' then
  return {}
end
-- a node silent for offlineAfter has died: its connections are gone, so its devices stop counting
for _, dead in ipairs(redis.call('ZRANGEBYSCORE', nodes, '-inf', int(now - offlineAfter))) do
  redis.call('DEL', devicesOf(dead))
  redis.call('ZREM', nodes, dead)
end
local due = redis.call('ZRANGEBYSCORE', deadlines, '-inf', int(now), 'LIMIT', 0, tonumber(ARGV[5]))
if #due > 0 then
  redis.call('ZREM', deadlines, unpack(due))
  -- a user silent that long has no live connection, whatever disconnects a dead node never sent
  for _, nodeId in ipairs(redis.call('ZRANGE', nodes, 0, -1)) do
    redis.call('HDEL', devicesOf(nodeId), unpack(due))
  end
end
return due
