-- ARGV[5]: user, ARGV[6]: device that closed one connection on this node; an unknown one changes nothing
beat()
local key, user, device = devicesOf(node), ARGV[5], ARGV[6]
local stored = redis.call('HGET', key, user)
if not stored then
  return 0
end
local devices = cjson.decode(stored)
local connections = devices[device]
if not connections then
  return 0
end
devices[device] = connections > 1 and connections - 1 or nil
if next(devices) then
  redis.call('HSET', key, user, cjson.encode(devices))
else
  redis.call('HDEL', key, user)
end
return 1
