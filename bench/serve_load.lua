-- serve_load.lua: wrk script for make serve-load: mixed API requests against tally serve;
-- prints requests, errors (non-200 counted as status errors) and p50/p90/p99 latency.
local paths = {
  "/api/incidents?limit=50",
  "/api/incidents?from=2014-03-01&to=2014-03-31",
  "/api/incidents?admin1=Diyala&contested=1",
  "/api/incidents/1", "/api/incidents/4", "/api/incidents/6",
  "/api/points", "/api/points?country=IRQ",
  "/api/timeline?by=day", "/api/timeline?by=week",
  "/api/admin1", "/api/incidents?type=explosive&min_killed=5",
}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
local bad = 0
response = function(status, headers, body)
  if status ~= 200 then bad = bad + 1 end
end
done = function(summary, latency, requests)
  io.write(string.format("requests %d, errors: connect %d read %d write %d timeout %d status %d\n",
    summary.requests, summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.timeout, summary.errors.status))
  io.write(string.format("latency p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms\n",
    latency:percentile(50)/1000, latency:percentile(90)/1000, latency:percentile(99)/1000, latency.max/1000))
end
