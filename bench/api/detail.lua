-- wrk script: GET /api/v1/households/{id} with a Bearer token, ids drawn at random.
-- args: TOKEN IDS_FILE
local ids = {}
local token = ""

function init(args)
  token = args[1]
  for line in io.lines(args[2]) do
    if #line > 0 then ids[#ids + 1] = line end
  end
  math.randomseed(os.time() + math.floor(os.clock() * 1e6))
end

function request()
  local id = ids[math.random(#ids)]
  return wrk.format("GET", "/api/v1/households/" .. id, { ["Authorization"] = "Bearer " .. token })
end
