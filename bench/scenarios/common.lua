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

local thread_count = 0
function M.setup(thread)
  thread:set("tid", thread_count)
  thread_count = thread_count + 1
  thread:set("nthreads", 0) -- filled in by init via BENCH_THREADS
end

function M.done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '\nBENCH_JSON {"requests":%d,"duration_us":%d,"rps":%.1f,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"non2xx":%d,"socket_errors":%d}\n',
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    e.status, e.connect + e.read + e.write + e.timeout))
end

return M
