-- POST a new cross-department task (history and outbox rows are written in the same transaction).
package.path = os.getenv("BENCH_DIR") .. "/?.lua;" .. package.path
local c = require("common")
setup = c.setup
local owner = os.getenv("BENCH_OWNER")
local d1, d2 = os.getenv("BENCH_DEPT1"), os.getenv("BENCH_DEPT2")
local n = 0
function request()
  n = n + 1
  local body = string.format(
    '{"scenario":"cross_department","title":"压测任务 %d","goal":"按期交付","owner_id":"%s","department_ids":["%s","%s"],"initiating_department_id":"%s","priority":"medium","due_at":"2031-01-01T00:00:00Z"}',
    n, owner, d1, d2, d1)
  return wrk.format("POST", "/api/v1/tasks", c.headers, body)
end
function response(status, headers, body) c.note(status, body) end
done = c.done
