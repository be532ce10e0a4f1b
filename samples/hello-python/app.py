"""A tiny web app on the standard library only (PyPI is not reachable from this machine's builds)."""
import os
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

GREETING = "Hello from Python!"


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        body = (GREETING + "\n").encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        pass


if __name__ == "__main__":
    port = int(os.environ.get("PORT", "8080"))
    ThreadingHTTPServer(("", port), Handler).serve_forever()
