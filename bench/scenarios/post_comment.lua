-- POST a comment on an in-progress task (Markdown rendered and sanitized, the owner notified
-- through the outbox, a live event for /events), as the admin.
package.path = os.getenv("BENCH_DIR") .. "/?.lua;" .. package.path
local c = require("common")
setup = c.setup
local ids, n = {}, 0
function init(args)
  for _, line in ipairs(c.lines(os.getenv("BENCH_PATCH_IDS"))) do
    ids[#ids + 1] = line:match("^(%S+)")
  end
end
function request()
  n = n + 1
  local id = ids[((n * 7919 + (tid or 0)) % #ids) + 1]
  local h = { ["Authorization"] = "Bearer " .. (os.getenv("BENCH_ADMIN_TOKEN") or c.token),
              ["Content-Type"] = "application/json" }
  return wrk.format("POST", "/api/v1/tasks/" .. id .. "/comments", h,
    string.format('{"body":"**进展** 第 %d 条：样机联调顺利，见 [链接](https://example.cn/%d)"}', n, n))
end
function response(status, headers, body) c.note(status, body) end
done = c.done
