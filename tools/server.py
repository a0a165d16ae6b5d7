"""Serve a built site on 127.0.0.1 as static hosts do (used by the browser tests, audit and screenshots)."""

from __future__ import annotations

import contextlib
import functools
import gzip
import socket
import threading
import urllib.request
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any


class SiteHandler(SimpleHTTPRequestHandler):
    """Serves files as a well-configured static host does.

    A missing page gets the nearest 404.html (so /ko/... gets /ko/404.html); text is sent gzipped
    when the browser accepts it; assets may be cached for a year, pages must be revalidated.
    """

    COMPRESS = (".html", ".css", ".js", ".json", ".svg", ".xml", ".csv", ".txt")

    def do_GET(self) -> None:
        url_path = self.path.split("?")[0].split("#")[0]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not url_path.endswith("/"):
                super().do_GET()  # redirects to the address with a slash
                return
            path = path / "index.html"
        if path.is_file() and path.suffix in self.COMPRESS and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(path.read_bytes(), mtime=0)
            long_lived = url_path.startswith("/assets/") and path.suffix in (".css", ".js", ".svg")
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "public, max-age=31536000" if long_lived else "no-cache")
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if code != 404:
            super().send_error(code, message, explain)
            return
        root = Path(self.directory)
        folder = root / self.path.split("?")[0].lstrip("/")
        for parent in [folder, *folder.parents]:
            page = parent / "404.html"
            if page.is_file() and root in [page.parent, *page.parent.parents]:
                body = page.read_bytes()
                self.send_response(404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
        super().send_error(code, message, explain)

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet."""


def free_port() -> int:
    """A port nobody listens on now, on 127.0.0.1."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def serve(site: Path, port: int = 0) -> Iterator[str]:
    """Serve site on 127.0.0.1 (a free port unless given) until the block ends; yield its base URL."""
    handler = functools.partial(SiteHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def fetch_text(url: str) -> str:
    """The body of url as text, or "" while nothing answers there (a server still starting or rebuilding)."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except OSError:  # URLError, connection refused or reset, timeout
        return ""
