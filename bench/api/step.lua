-- wrk script: POST /api/v1/cases/{id}/steps — a 回头看 (back-check, kept) on an eliminated
-- case: a real step write (rules, version check, audit chain) that can be repeated.
-- args: TOKEN IDS_FILE (ids of eliminated cases)
local ids = {}
local token = ""
local n = 0

function init(args)
  token = args[1]
  for line in io.lines(args[2]) do
    if #line > 0 then ids[#ids + 1] = line end
  end
  math.randomseed(os.time() + math.floor(os.clock() * 1e6))
end

function request()
  n = n + 1
  local id = ids[math.random(#ids)]
  local body = '{"step":"回头看","date":"2024-06-28","note":"保持风险消除（压测 ' .. n .. '）"}'
  return wrk.format("POST", "/api/v1/cases/" .. id .. "/steps",
    { ["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json" }, body)
end
