-- wrk script: GET /api/v1/cases?mine=true as a 帮扶责任人, pages drawn at random.
-- args: TOKEN
local token = ""

function init(args)
  token = args[1]
  math.randomseed(os.time() + math.floor(os.clock() * 1e6))
end

function request()
  local limit = ({ 10, 20, 50 })[math.random(3)]
  return wrk.format("GET", "/api/v1/cases?mine=true&limit=" .. limit, { ["Authorization"] = "Bearer " .. token })
end
