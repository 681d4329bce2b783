-- GET the Files page (文件), 50 a page, as a department head: only the files they may read
-- (visibility first), four filtered and sorted queries in turn.
package.path = os.getenv("BENCH_DIR") .. "/?.lua;" .. package.path
local c = require("common")
setup = c.setup
request = c.rotating({
  "/api/v1/files?limit=50",
  "/api/v1/files?type=spreadsheet&sort=-size&limit=50",
  "/api/v1/files?q=%E9%A2%84%E7%AE%97&limit=50",
  "/api/v1/files?access=company_public&sort=name&limit=50",
})
function response(status, headers, body) c.note(status, body) end
done = c.done
