-- GET a filtered list page of 50 (as a department head: the visibility rules apply).
package.path = os.getenv("BENCH_DIR") .. "/?.lua;" .. package.path
local c = require("common")
setup = c.setup
request = c.rotating({
  "/api/v1/tasks?status=in_progress,pending_review&limit=50&sort=-updated_at",
  "/api/v1/tasks?priority=high&limit=50&sort=due_at",
  "/api/v1/tasks?scenario=cross_department&status=in_progress&limit=50",
  "/api/v1/tasks?overdue=true&limit=50&sort=due_at",
})
function response(status, headers, body) c.note(status, body) end
done = c.done
