"""gunicorn settings for the portal (`gunicorn -c gunicorn.conf.py wsgi:app`, as `make serve`).
Every value can be set from the environment, so that each host's service file only sets
variables.

- BIND (127.0.0.1:5000) behind the reverse proxy; WEB_CONCURRENCY sync workers (2 x cores + 1);
- a request gets TIMEOUT seconds (30) before its worker is replaced; on SIGHUP or SIGTERM a
  worker finishes its requests for up to GRACEFUL_TIMEOUT seconds (30): a deploy reloads
  with `kill -HUP <master>` without dropping requests;
- workers are recycled after MAX_REQUESTS requests (with jitter), so a slow leak never grows;
- the access log goes to stdout as one JSON object per request, with the request id the app
  answers with (the same id is on the app's and the jobs' own log lines). It holds the path,
  never the query string (search terms may be personal data).
"""

import json
import multiprocessing
import os
import time

from gunicorn import glogging

bind = os.environ.get("BIND", "127.0.0.1:5000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GRACEFUL_TIMEOUT", "30"))
keepalive = 5
max_requests = int(os.environ.get("MAX_REQUESTS", "5000"))
max_requests_jitter = max_requests // 10
accesslog = os.environ.get("ACCESS_LOG", "-")
errorlog = "-"
# Heartbeat files in memory rather than on a disk that may stall.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# The app reads X-Forwarded-* itself (TRUSTED_PROXIES), so gunicorn takes them from nobody.
forwarded_allow_ips = ""


class JsonAccessLog(glogging.Logger):
    """One JSON object per request on the access log."""

    def access(self, resp, req, environ, request_time):
        if not self.cfg.accesslog:
            return
        entry = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "remote": environ.get("REMOTE_ADDR", "-"),
            "method": environ.get("REQUEST_METHOD"),
            "path": environ.get("PATH_INFO"),
            "status": resp.status_code,
            "bytes": resp.sent,
            "duration_ms": round(request_time.total_seconds() * 1000, 1),
            "request_id": next(
                (value for name, value in resp.headers if name.lower() == "x-request-id"), None
            ),
        }
        self.access_log.info(json.dumps(entry, ensure_ascii=False))


logger_class = JsonAccessLog
