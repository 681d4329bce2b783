-- GET one task (a task the signed-in department head can see), chosen at random.
package.path = os.getenv("BENCH_DIR") .. "/?.lua;" .. package.path
local c = require("common")
local ids
setup = c.setup
function init(args) ids = c.lines(os.getenv("BENCH_READ_IDS")); math.randomseed(os.time() + (tid or 0)) end
function request()
  return wrk.format("GET", "/api/v1/tasks/" .. ids[math.random(#ids)], c.headers)
end
function response(status, headers, body) c.note(status, body) end
done = c.done
