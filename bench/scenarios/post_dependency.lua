-- POST a dependency (cycle check, history and version bump in the same transaction), as the
-- admin. Edges always go from a task in the upper half of the pool to one in the lower half, so
-- they never form a cycle; BENCH_RUN and the thread id keep every pair unique across runs.
package.path = os.getenv("BENCH_DIR") .. "/?.lua;" .. package.path
local c = require("common")
setup = c.setup
local ids, half, n = {}, 0, 0
local run = tonumber(os.getenv("BENCH_RUN") or "0")
local threads = tonumber(os.getenv("BENCH_THREADS") or "1")
function init(args)
  ids = c.lines(os.getenv("BENCH_DEP_IDS"))
  half = math.floor(#ids / 2)
end
function request()
  local p = run * 100000 + n * threads + (tid or 0)
  n = n + 1
  local successor = ids[(p % half) + 1]
  local predecessor = ids[half + (math.floor(p / half) % (#ids - half)) + 1]
  local h = { ["Authorization"] = "Bearer " .. (os.getenv("BENCH_ADMIN_TOKEN") or c.token),
              ["Content-Type"] = "application/json" }
  return wrk.format("POST", "/api/v1/tasks/" .. successor .. "/dependencies", h,
    string.format('{"predecessor_id":"%s"}', predecessor))
end
function response(status, headers, body) c.note(status, body) end
done = c.done
