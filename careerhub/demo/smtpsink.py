"""A mail server on 127.0.0.1 that keeps nothing but a count: ``manage.py bench_load --faults``
points the stack at it, takes it down and brings it back during the load, and then checks
that every message the outbox marked sent arrived here exactly once.

Standard library only: enough of SMTP (RFC 5321) for a client without TLS or login — Django's
SMTP backend, ``smtplib`` — to hand over messages: EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP,
QUIT. Each message is counted by its ``X-Careerhub-Message`` header (the outbox row's id, set
by ``careerhub.messaging.transport``); one without it is counted as ``unlabelled``.
"""

from __future__ import annotations

import socketserver
import threading
from collections import Counter
from email.parser import BytesHeaderParser

HEADER = "X-Careerhub-Message"


class _Handler(socketserver.StreamRequestHandler):
    server: _Server

    def _reply(self, line: str) -> None:
        self.wfile.write(line.encode("ascii") + b"\r\n")

    def handle(self) -> None:
        self._reply("220 careerhub bench mail server")
        while True:
            raw = self.rfile.readline(65536)
            if not raw:
                return
            verb = raw.decode("ascii", "replace").strip().split(" ", 1)[0].upper()
            if verb == "EHLO":
                self.wfile.write(b"250-careerhub\r\n250 8BITMIME\r\n")
            elif verb in {"HELO", "MAIL", "RCPT", "RSET", "NOOP"}:
                self._reply("250 OK")
            elif verb == "DATA":
                self._reply("354 End data with <CR><LF>.<CR><LF>")
                self.server.sink.received_message(self._read_data())
                self._reply("250 OK: queued")
            elif verb == "QUIT":
                self._reply("221 Bye")
                return
            else:
                self._reply("502 Command not implemented")

    def _read_data(self) -> bytes:
        lines = []
        while True:
            line = self.rfile.readline(1 << 20)
            if not line or line in (b".\r\n", b".\n"):
                break
            lines.append(line[1:] if line.startswith(b"..") else line)  # dot-stuffing
        return b"".join(lines)


class _Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True

    def __init__(self, address: tuple[str, int], sink: SmtpSink) -> None:
        self.sink = sink
        super().__init__(address, _Handler)


class SmtpSink:
    """``start()`` listens (on the same port every time after the first), ``stop()`` closes
    the port so that connections are refused, as with a mail server that is down."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.host, self.port = host, port
        self.counts: Counter[str] = Counter()
        self.unlabelled = 0
        self._lock = threading.Lock()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._server is not None

    def start(self) -> int:
        if self._server is None:
            self._server = _Server((self.host, self.port), self)
            self.port = self._server.server_address[1]
            self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
            self._thread.start()
        return self.port

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def received_message(self, data: bytes) -> None:
        label = BytesHeaderParser().parsebytes(data).get(HEADER, "").strip()
        with self._lock:
            if label:
                self.counts[label] += 1
            else:
                self.unlabelled += 1

    def received(self) -> Counter[str]:
        """Times each labelled message arrived."""
        with self._lock:
            return Counter(self.counts)
