-- POST an edge that would close a cycle through the seeded 10k-node graph: first-layer task i
-- waiting for last-layer task i, which already waits (through every layer) for task i. The
-- cycle check walks the graph until it finds the way back and the server answers 409
-- dependency_cycle (expected: BENCH_EXPECT=409), so the graph never changes between requests.
package.path = os.getenv("BENCH_DIR") .. "/?.lua;" .. package.path
local c = require("common")
setup = c.setup
local first, last, n = {}, {}, 0
function init(args)
  first = c.lines(os.getenv("BENCH_GRAPH_FIRST"))
  last = c.lines(os.getenv("BENCH_GRAPH_LAST"))
end
function request()
  local i = (n % #first) + 1
  n = n + 1
  local h = { ["Authorization"] = "Bearer " .. (os.getenv("BENCH_ADMIN_TOKEN") or c.token),
              ["Content-Type"] = "application/json" }
  return wrk.format("POST", "/api/v1/tasks/" .. first[i] .. "/dependencies", h,
    string.format('{"predecessor_id":"%s"}', last[i]))
end
function response(status, headers, body) c.note(status, body) end
done = c.done
