-- PATCH a task's percent with If-Match. Each wrk thread owns its own slice of tasks and keeps
-- their versions from the responses, so no two requests race on one task (no 412s).
package.path = os.getenv("BENCH_DIR") .. "/?.lua;" .. package.path
local c = require("common")
setup = c.setup
local mine, versions, n = {}, {}, 0
function init(args)
  local threads = tonumber(os.getenv("BENCH_THREADS") or "1")
  for i, line in ipairs(c.lines(os.getenv("BENCH_PATCH_IDS"))) do
    local id, v = line:match("([^ ]+) (%d+)")
    if (i % threads) == (tid or 0) then mine[#mine + 1] = id end
    versions[id] = tonumber(v)
  end
end
function request()
  n = n + 1
  local id = mine[(n % #mine) + 1]
  local h = { ["Authorization"] = "Bearer " .. (os.getenv("BENCH_ADMIN_TOKEN") or c.token), ["Content-Type"] = "application/json",
              ["If-Match"] = '"' .. versions[id] .. '"' }
  return wrk.format("PATCH", "/api/v1/tasks/" .. id, h, string.format('{"percent":%d}', n % 100))
end
function response(status, headers, body)
  c.note(status, body)
  local id = body:match('"id":"([^"]+)"')
  local v = body:match('"version":(%d+)')
  if id and v and versions[id] then versions[id] = tonumber(v) end
end
done = c.done
