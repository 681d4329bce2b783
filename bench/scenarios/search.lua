-- GET /search (20 a page, best first) as a department head: only what the head may see is
-- matched, counted and highlighted. Chinese words the index segments (预算审批 finds 审批预算),
-- a phrase, a Latin term with a typo, and a filtered query, in turn.
package.path = os.getenv("BENCH_DIR") .. "/?.lua;" .. package.path
local c = require("common")
setup = c.setup
request = c.rotating({
  "/api/v1/search?q=%E9%A2%84%E7%AE%97%E5%AE%A1%E6%89%B9&limit=20",
  "/api/v1/search?q=%E5%AE%A2%E6%88%B7%E5%9B%9E%E8%AE%BF&limit=20",
  "/api/v1/search?q=budgte&limit=20",
  "/api/v1/search?q=%E5%90%88%E5%90%8C%E6%9D%A1%E6%AC%BE&kind=comment&sort=newest&limit=20",
})
function response(status, headers, body) c.note(status, body) end
done = c.done
