-- GET the dependency graph of the seeded 10k-node tree: loads the tree and its edges, runs the
-- forward and backward passes (earliest/latest dates, slack, critical path), serializes it all.
package.path = os.getenv("BENCH_DIR") .. "/?.lua;" .. package.path
local c = require("common")
setup = c.setup
local path = "/api/v1/tasks/" .. (os.getenv("BENCH_GRAPH_ROOT") or "") .. "/graph"
function request()
  local h = { ["Authorization"] = "Bearer " .. (os.getenv("BENCH_ADMIN_TOKEN") or c.token) }
  return wrk.format("GET", path, h)
end
function response(status, headers, body) c.note(status, body) end
done = c.done
