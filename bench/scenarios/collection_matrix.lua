-- GET the first page (100) of a collection round's matrix as its collector (1,000 submitters).
package.path = os.getenv("BENCH_DIR") .. "/?.lua;" .. package.path
local c = require("common")
setup = c.setup
local round = os.getenv("BENCH_ROUND")
local admin = {["Authorization"] = "Bearer " .. os.getenv("BENCH_ADMIN_TOKEN")}
function request()
  return wrk.format("GET", "/api/v1/collection-rounds/" .. round .. "/submissions?limit=100", admin)
end
function response(status, headers, body) c.note(status, body) end
done = c.done
