-- ARGV[5..]: users heard from; returns those that were offline
beat()
local cameOnline = {}
for i = 5, #ARGV do
  if markActive(ARGV[i]) then
    cameOnline[#cameOnline + 1] = ARGV[i]
  end
end
return cameOnline
