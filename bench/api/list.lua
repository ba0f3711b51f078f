-- wrk script: GET /api/v1/households pages (limit 20, random offset; every 4th request
-- filtered by a township prefix) with a Bearer token.
-- args: TOKEN COUNT TOWNSHIPS_FILE
local token = ""
local count = 1
local townships = {}

function init(args)
  token = args[1]
  count = tonumber(args[2])
  for line in io.lines(args[3]) do
    if #line > 0 then townships[#townships + 1] = line end
  end
  math.randomseed(os.time() + math.floor(os.clock() * 1e6))
end

local n = 0
function request()
  n = n + 1
  local path
  if n % 4 == 0 then
    path = "/api/v1/households?limit=20&region=" .. townships[math.random(#townships)]
  else
    path = "/api/v1/households?limit=20&offset=" .. math.random(0, count - 20)
  end
  return wrk.format("GET", path, { ["Authorization"] = "Bearer " .. token })
end
