-- POST an approval (同意) of a request waiting on the head. Each wrk thread owns its own slice of
-- the waiting requests and approves each once (a second approval would be a 409).
package.path = os.getenv("BENCH_DIR") .. "/?.lua;" .. package.path
local c = require("common")
setup = c.setup
local mine, n = {}, 0
function init(args)
  local threads = tonumber(os.getenv("BENCH_THREADS") or "1")
  for i, id in ipairs(c.lines(os.getenv("BENCH_APPROVE_IDS"))) do
    if (i % threads) == (tid or 0) then mine[#mine + 1] = id end
  end
end
function request()
  n = n + 1
  local id = mine[n]
  if id == nil then
    -- Every request of this thread's slice is approved: read one instead, counted as spare.
    c.spare()
    return wrk.format("GET", "/api/v1/approvals/counts", c.headers)
  end
  return wrk.format("POST", "/api/v1/tasks/" .. id .. "/request/approve", c.headers, '{"comment":"同意"}')
end
function response(status, headers, body) c.note(status, body) end
done = c.done
