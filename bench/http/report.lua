-- report.lua - wrk hook printing one machine-readable summary line.
--
-- Used by bench/http/run.sh:  wrk ... -s bench/http/report.lua URL
-- Output (single line, parsed by run.sh):
--   REPORT requests=N duration_s=X rps=X p50_ms=X p90_ms=X p99_ms=X max_ms=X
--          err_connect=N err_read=N err_write=N err_timeout=N non2xx=N

done = function(summary, latency, requests)
   local secs = summary.duration / 1e6
   local rps = 0
   if secs > 0 then
      rps = summary.requests / secs
   end
   local e = summary.errors
   io.write(string.format(
      "REPORT requests=%d duration_s=%.3f rps=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f "
         .. "err_connect=%d err_read=%d err_write=%d err_timeout=%d non2xx=%d\n",
      summary.requests, secs, rps,
      latency:percentile(50) / 1000, latency:percentile(90) / 1000,
      latency:percentile(99) / 1000, latency.max / 1000,
      e.connect, e.read, e.write, e.timeout, e.status))
end
