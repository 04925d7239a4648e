"""gunicorn's settings for production: `gunicorn -c cms/gunicorn.conf.py cms.wsgi`.

Threaded workers (gthread): a slow client — one that sends its request body a byte at a time, or
reads its answer slowly — holds one thread, not a whole worker, so the other requests go on
(tests/reliability/test_slow_clients.py). Behind a buffering proxy (nginx's default
`proxy_request_buffering on`, which reads the whole body before it forwards the request) slow
clients never reach gunicorn at all: that is the recommended setup facing the internet
(docs/reliability.md, "Slow clients"). Each value can be set from the environment.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
worker_class = "gthread"
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "8"))
# A worker silent this long is restarted; a request is also bounded by GRAPHQL_TIME_BUDGET_SECONDS.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# The request line and headers: refused (400) past these sizes before Django sees them.
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
# Workers restarted now and then (jittered) so that slow growth of memory cannot accumulate.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "10000"))
max_requests_jitter = max_requests // 10
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
