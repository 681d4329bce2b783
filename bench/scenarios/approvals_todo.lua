-- GET the first page of 待我审批 (20) as the head the benchmark's requests wait on (thousands).
package.path = os.getenv("BENCH_DIR") .. "/?.lua;" .. package.path
local c = require("common")
setup = c.setup
function request()
  return wrk.format("GET", "/api/v1/approvals?box=todo&limit=20", c.headers)
end
function response(status, headers, body) c.note(status, body) end
done = c.done
