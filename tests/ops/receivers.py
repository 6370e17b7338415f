"""Local receivers on 127.0.0.1 for the notifier tests: an HTTP webhook endpoint and a minimal SMTP server."""

from __future__ import annotations

import json
import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@contextmanager
def webhook_receiver(status: int = 200) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """Yield (url, received JSON bodies); answers every POST with ``status``."""
    received: list[dict[str, Any]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", 0))
            received.append(json.loads(self.rfile.read(length)))
            self.send_response(status)
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args: Any) -> None:  # keep test output quiet
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/hook", received
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def smtp_receiver() -> Iterator[tuple[int, list[dict[str, Any]]]]:
    """Yield (port, received messages); speaks just enough SMTP for ``smtplib`` (EHLO, MAIL, RCPT, DATA, QUIT)."""
    received: list[dict[str, Any]] = []

    class Handler(socketserver.StreamRequestHandler):
        def reply(self, line: str) -> None:
            self.wfile.write(f"{line}\r\n".encode())

        def handle(self) -> None:
            self.reply("220 127.0.0.1 test SMTP")
            message: dict[str, Any] = {"rcpt": []}
            while line := self.rfile.readline().decode(errors="replace").rstrip("\r\n"):
                verb = line.split(" ", 1)[0].upper()
                if verb in ("EHLO", "HELO"):
                    self.reply("250 127.0.0.1")
                elif verb == "MAIL":
                    message["from"] = line.split(":", 1)[1].strip()
                    self.reply("250 OK")
                elif verb == "RCPT":
                    message["rcpt"].append(line.split(":", 1)[1].strip().strip("<>"))
                    self.reply("250 OK")
                elif verb == "DATA":
                    self.reply("354 end with .")
                    lines = []
                    while (data := self.rfile.readline().decode(errors="replace")).rstrip("\r\n") != ".":
                        lines.append(data)
                    message["data"] = "".join(lines)
                    received.append(message)
                    message = {"rcpt": []}
                    self.reply("250 queued")
                elif verb == "QUIT":
                    self.reply("221 bye")
                    return
                else:
                    self.reply("250 OK")

    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], received
    finally:
        server.shutdown()
        server.server_close()
