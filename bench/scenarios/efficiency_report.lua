-- GET the efficiency report over (almost) a year of the whole company, as the administrator.
package.path = os.getenv("BENCH_DIR") .. "/?.lua;" .. package.path
local c = require("common")
local path
setup = c.setup
function init(args)
  path = "/api/v1/reports/efficiency?from=" .. os.getenv("BENCH_REPORT_FROM") .. "&to=" .. os.getenv("BENCH_REPORT_TO")
end
function request()
  local h = { ["Authorization"] = "Bearer " .. (os.getenv("BENCH_ADMIN_TOKEN") or c.token) }
  return wrk.format("GET", path, h)
end
function response(status, headers, body) c.note(status, body) end
done = c.done
