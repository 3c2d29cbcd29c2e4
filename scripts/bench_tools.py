"""Processes and load generators the benchmark shares: ports, Redis, gunicorn with an access log
that records the page cache's answer, nginx in front of several app servers, and wrk."""

import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONNECTIONS = 16
DURATION = os.environ.get("BENCH_DURATION", "10s")
# Time to serve in microseconds and the page cache's answer (hit, miss or -) of every request, so
# the figures can be recomputed from the server's own log.
ACCESS_LOG_FORMAT = '%(t)s "%(r)s" %(s)s %(B)s %(D)s %({x-page-cache}o)s'
PERCENTILES = ROOT / "scripts" / "bench_percentiles.lua"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port):
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on port {port}")


def start_redis():
    port = free_port()
    process = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                "--appendonly", "no"], stdout=subprocess.DEVNULL)
    wait_for(port)
    return process, f"redis://127.0.0.1:{port}/0"


def serve(workers=2, **env):
    """gunicorn with production settings; returns (process, base URL, access log path)."""
    port = free_port()
    log = Path(tempfile.mkdtemp(prefix="bench-log-")) / "access.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "plansite.wsgi", "-w", str(workers), "-b", f"127.0.0.1:{port}",
         "--chdir", str(ROOT), "--log-level", "warning", "--access-logfile", str(log),
         "--access-logformat", ACCESS_LOG_FORMAT], env={**os.environ, **env})
    wait_for(port)
    return process, f"http://127.0.0.1:{port}", log


def stop(*processes):
    for process in processes:
        process.terminate()  # gunicorn and nginx finish the requests in flight before they stop
    for process in processes:
        process.wait(30)


NGINX_CONF = """
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    client_body_temp_path {dir}/body; proxy_temp_path {dir}/proxy; fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi; scgi_temp_path {dir}/scgi;
    log_format timed '[$time_local] "$request" $status $body_bytes_sent $request_time '
                     '$upstream_http_x_page_cache $upstream_addr';
    access_log {dir}/access.log timed;
    upstream app {{
        least_conn;  # a request goes to the server with the fewest in flight, not to one busy writing
{servers}
        keepalive 32;
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://app;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
            proxy_buffers 16 32k;
        }}
    }}
}}
"""


def serve_behind_nginx(instances=2, workers=2, **env):
    """`instances` gunicorn servers on loopback behind Debian's nginx (round robin, keep-alive), sharing
    the database and Redis: returns (processes, base URL, [access logs], nginx's access log)."""
    servers = [serve(workers=workers, **env) for _ in range(instances)]
    directory = Path(tempfile.mkdtemp(prefix="bench-nginx-"))
    directory.chmod(0o777)
    port = free_port()
    upstreams = "\n".join(f"        server {base.removeprefix('http://')};" for _p, base, _log in servers)
    (directory / "nginx.conf").write_text(NGINX_CONF.format(dir=directory, port=port, servers=upstreams))
    nginx = subprocess.Popen(["nginx", "-p", str(directory), "-c", str(directory / "nginx.conf"),
                              "-g", "daemon off;"])
    wait_for(port)
    return [p for p, _b, _l in servers] + [nginx], f"http://127.0.0.1:{port}", [log for _p, _b, log in servers], \
        directory / "access.log"


def rotation_script(paths, extra=""):
    """A wrk script that asks for each of `paths` in turn, with percentiles at the end."""
    listed = ", ".join(f'"{p}"' for p in paths)
    script = Path(tempfile.mkdtemp()) / "rotation.lua"
    script.write_text(f"""
local paths = {{{listed}}}
local index = 0
request = function()
  index = index % #paths + 1
  return wrk.format("GET", paths[index])
end
{extra}
""" + PERCENTILES.read_text())
    return script


def wrk(url, script=None, connections=CONNECTIONS, duration=DURATION, headers=()):
    # wrk drops a request slower than its default 2 s timeout from the latencies: never here.
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}", "--timeout", "60s", "-s", str(script or PERCENTILES)]
    for header in headers:
        command += ["-H", header]
    output = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50, p95 = (int(v) / 1000 for v in re.search(r"p50=(\d+) p95=(\d+)", output).groups())
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    total = int(re.search(r"(\d+) requests in", output).group(1))
    return {"rps": rps, "p50": p50, "p95": p95, "errors": int(errors.group(1)) if errors else 0, "total": total}


def warm_up(*urls):
    """Load every page in every worker first (templates, translations, connections): not measured."""
    for url in urls:
        subprocess.run(["wrk", "-t2", f"-c{CONNECTIONS}", "-d2s", url], capture_output=True, check=True)
