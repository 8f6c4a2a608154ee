#!/usr/bin/env python3
"""A legacy (v1) Docker volume plugin for the benchmarks: volumes are directories under DATA_DIR, the state is in
memory, every answer is small JSON with a Content-Length. Threaded, with a deep accept queue, so the plugin is not
what a benchmark measures. Usage: bench_plugin.py SOCKET DATA_DIR (stops on SIGTERM; removes its socket)."""
import json
import os
import shutil
import signal
import socketserver
import sys
import threading
from http.server import BaseHTTPRequestHandler

SOCK, DATA = sys.argv[1], sys.argv[2]
lock = threading.Lock()
volumes = {}  # name -> set of mount ids


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, obj):
        body = json.dumps(obj).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/vnd.docker.plugins.v1+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        n = int(self.headers.get("Content-Length") or 0)
        req = json.loads(self.rfile.read(n) or b"{}") if n else {}
        method = self.path.lstrip("/")
        name = req.get("Name", "")
        path = os.path.join(DATA, name)
        with lock:
            if method == "Plugin.Activate":
                return self.answer({"Implements": ["VolumeDriver"]})
            if method == "VolumeDriver.Capabilities":
                return self.answer({"Capabilities": {"Scope": "local"}})
            if method == "VolumeDriver.Create":
                if name not in volumes:
                    os.makedirs(path, exist_ok=True)
                    volumes[name] = set()
                return self.answer({"Err": ""})
            if method == "VolumeDriver.List":
                return self.answer({"Volumes": [{"Name": v, "Mountpoint": os.path.join(DATA, v)}
                                                for v in sorted(volumes)], "Err": ""})
            if name not in volumes:
                return self.answer({"Err": "no such volume"})
            if method == "VolumeDriver.Get":
                return self.answer({"Volume": {"Name": name, "Mountpoint": path}, "Err": ""})
            if method == "VolumeDriver.Path":
                return self.answer({"Mountpoint": path, "Err": ""})
            if method == "VolumeDriver.Mount":
                volumes[name].add(req.get("ID", ""))
                return self.answer({"Mountpoint": path, "Err": ""})
            if method == "VolumeDriver.Unmount":
                volumes[name].discard(req.get("ID", ""))
                return self.answer({"Err": ""})
            if method == "VolumeDriver.Remove":
                if volumes[name]:
                    return self.answer({"Err": "volume %s is in use" % name})
                del volumes[name]
                shutil.rmtree(path, ignore_errors=True)
                return self.answer({"Err": ""})
        self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()


class Server(socketserver.ThreadingUnixStreamServer):
    daemon_threads = True
    request_queue_size = 128


if os.path.exists(SOCK):
    os.unlink(SOCK)
os.makedirs(os.path.dirname(SOCK), exist_ok=True)
os.makedirs(DATA, exist_ok=True)
server = Server(SOCK, Handler)


def stop(*_):
    threading.Thread(target=server.shutdown).start()


signal.signal(signal.SIGTERM, stop)
server.serve_forever()
server.server_close()
if os.path.exists(SOCK):
    os.unlink(SOCK)
