-- ARGV[5..]: users (at most a few thousand, as unpack has a limit); returns for each: 1 when online else 0, the
-- last-active millis or false, and the distinct devices connected through any listed node (a device connected
-- through two nodes counts once)
local users, seen, counts = {}, {}, {}
for i = 5, #ARGV do
  users[#users + 1] = ARGV[i]
  seen[#users], counts[#users] = {}, 0
end
for _, nodeId in ipairs(redis.call('ZRANGE', nodes, 0, -1)) do
  local stored = redis.call('HMGET', devicesOf(nodeId), unpack(users))
  for i = 1, #users do
    if stored[i] then
      for device in pairs(cjson.decode(stored[i])) do
        if not seen[i][device] then
          seen[i][device] = true
          counts[i] = counts[i] + 1
        end
      end
    end
  end
end
local result = {}
for i, user in ipairs(users) do
  result[#result + 1] = redis.call('ZSCORE', deadlines, user) and 1 or 0
  result[#result + 1] = redis.call('HGET', lastActive, user)
  result[#result + 1] = counts[i]
end
return result
