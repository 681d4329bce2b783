-- The mixed workload: 80% reads (50% one task, 30% list pages), 20% writes (10% create,
-- 10% PATCH progress with If-Match on this thread's own tasks).
package.path = os.getenv("BENCH_DIR") .. "/?.lua;" .. package.path
local c = require("common")
setup = c.setup
local read_ids, mine, versions, n = {}, {}, {}, 0
local owner = os.getenv("BENCH_OWNER")
local d1, d2 = os.getenv("BENCH_DEPT1"), os.getenv("BENCH_DEPT2")
function init(args)
  read_ids = c.lines(os.getenv("BENCH_READ_IDS"))
  local threads = tonumber(os.getenv("BENCH_THREADS") or "1")
  for i, line in ipairs(c.lines(os.getenv("BENCH_PATCH_IDS"))) do
    local id, v = line:match("([^ ]+) (%d+)")
    if (i % threads) == (tid or 0) then mine[#mine + 1] = id end
    versions[id] = tonumber(v)
  end
  math.randomseed(os.time() + (tid or 0))
end
function request()
  n = n + 1
  local roll = math.random(100)
  if roll <= 50 then
    return wrk.format("GET", "/api/v1/tasks/" .. read_ids[math.random(#read_ids)], c.headers)
  elseif roll <= 80 then
    return wrk.format("GET", "/api/v1/tasks?status=in_progress,pending_review&limit=50&sort=-updated_at", c.headers)
  elseif roll <= 90 then
    local body = string.format(
      '{"scenario":"cross_department","title":"压测任务 %d","owner_id":"%s","department_ids":["%s","%s"],"due_at":"2031-01-01T00:00:00Z"}',
      n, owner, d1, d2)
    return wrk.format("POST", "/api/v1/tasks", c.headers, body)
  else
    local id = mine[(n % #mine) + 1]
    local h = { ["Authorization"] = "Bearer " .. (os.getenv("BENCH_ADMIN_TOKEN") or c.token), ["Content-Type"] = "application/json",
                ["If-Match"] = '"' .. versions[id] .. '"' }
    return wrk.format("PATCH", "/api/v1/tasks/" .. id, h, string.format('{"percent":%d}', n % 100))
  end
end
function response(status, headers, body)
  c.note(status, body)
  if status ~= 200 then return end
  local id = body:match('"id":"([^"]+)"')
  local v = body:match('"version":(%d+)')
  if id and v and versions[id] then versions[id] = tonumber(v) end
end
done = c.done
