-- Shared by the scenarios: the bearer token, id pools read from files, and a JSON summary
-- printed when wrk is done (one line, parsed by bench/run.py).
local M = {}

M.token = os.getenv("BENCH_TOKEN") or ""
M.headers = { ["Authorization"] = "Bearer " .. M.token, ["Content-Type"] = "application/json" }

function M.lines(path)
  local out = {}
  if path == nil then return out end
  for line in io.lines(path) do
    if line ~= "" then out[#out + 1] = line end
  end
  return out
end

-- A `request` function that GETs these paths in turn (lists with several filtered queries).
function M.rotating(paths)
  local i = 0
  return function()
    i = i + 1
    return wrk.format("GET", paths[(i % #paths) + 1], M.headers)
  end
end

local thread_count = 0
local threads = {}
function M.setup(thread)
  thread:set("tid", thread_count)
  thread_count = thread_count + 1
  threads[#threads + 1] = thread
end

-- Answers a scenario expects besides 2xx (BENCH_EXPECT, e.g. 409 for a refused cycle): counted
-- apart and not as failures.
local expect = tonumber(os.getenv("BENCH_EXPECT") or "")

-- Non-2xx answers by status, kept per thread (wrk's summary only counts them).
function M.note(status, body)
  if expect ~= nil and status == expect then
    expected = (expected or 0) + 1
    return
  end
  if status >= 300 then
    failures = failures or {}
    failures[status] = (failures[status] or 0) + 1
    if not first_failure then first_failure = status .. " " .. string.sub(body or "", 1, 200) end
  end
end

-- A request sent only because a pool of one-time ids ran out (e.g. every waiting request is
-- approved): counted apart as `spare`, so the harness can say the figures are diluted.
function M.spare()
  spare = (spare or 0) + 1
end

local function statuses()
  local parts, sample, wanted = {}, nil, 0
  spares = 0
  for _, t in ipairs(threads) do
    spares = spares + (t:get("spare") or 0)
    wanted = wanted + (t:get("expected") or 0)
    local f = t:get("failures")
    if f then
      for status, n in pairs(f) do parts[#parts + 1] = string.format('"%d":%d', status, n) end
    end
    sample = sample or t:get("first_failure")
  end
  return "{" .. table.concat(parts, ",") .. "}", sample, wanted
end

function M.done(summary, latency, requests)
  local e = summary.errors
  local by_status, sample, wanted = statuses()
  if sample then io.write("\nBENCH_FAILURE " .. sample .. "\n") end
  io.write(string.format(
    '\nBENCH_JSON {"requests":%d,"duration_us":%d,"rps":%.1f,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"non2xx":%d,"socket_errors":%d,"statuses":%s,"spare":%d}\n',
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    e.status - wanted, e.connect + e.read + e.write + e.timeout, by_status, spares))
end

return M
