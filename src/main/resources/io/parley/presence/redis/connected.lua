-- ARGV[5]: user, ARGV[6]: device that opened a connection on this node; returns 1 when the user was offline
beat()
local key, user, device = devicesOf(node), ARGV[5], ARGV[6]
local devices = cjson.decode(redis.call('HGET', key, user) or '{}')
devices[device] = (devices[device] or 0) + 1
redis.call('HSET', key, user, cjson.encode(devices))
if markActive(user) then
  return 1
end
return 0
