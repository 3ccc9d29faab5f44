"""A local fake of Solapi's REST API v4 for the tests: ``POST /messages/v4/send-many/detail``
and the status query ``GET /messages/v4/list``.

It checks the HMAC-SHA256 ``Authorization`` header the way Solapi does (the signature of
``date + salt`` with the account's secret, a date no older than 15 minutes) and answers as
the API documents: 401 ``SignatureDoesNotMatch`` for a wrong signature, 200 with
``failedMessageList`` for a refused message, 200 with ``messageList`` and ``groupInfo`` for an
accepted one, 500 when told the server is in trouble. Every request is recorded."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import itertools
import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

API_KEY = "NCSTESTKEY0000001"
API_SECRET = "TESTSECRET0000000000000000000001"
SENDER = "0621234567"
PF_ID = "KA01PF0000000000000000test"

HEADER = re.compile(
    r"^HMAC-SHA256 apiKey=(?P<key>[^,]+), date=(?P<date>[^,]+), salt=(?P<salt>[^,]+), "
    r"signature=(?P<signature>[0-9a-f]{64})$"
)


class FakeSolapi:
    def __init__(self) -> None:
        self.mode = "accept"  # accept | refuse | error
        self.requests: list[dict[str, Any]] = []
        self.statuses: dict[str, tuple[str, str]] = {}  # messageId → the carrier's report
        self.status_queries: list[str] = []
        self.rejected_auth = 0
        self._ids = itertools.count(1)
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # keep the test output quiet
                pass

            def _answer(self, status: int, body: dict[str, Any]) -> None:
                raw = json.dumps(body, ensure_ascii=False).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def do_GET(self) -> None:
                if not fake.authorised(self.headers.get("Authorization", "")):
                    fake.rejected_auth += 1
                    return self._answer(401, {"errorCode": "SignatureDoesNotMatch"})
                url = urlsplit(self.path)
                query = parse_qs(url.query)
                if url.path != "/messages/v4/list" or query.get("criteria") != ["messageId"]:
                    return self._answer(404, {"errorCode": "NotFound", "errorMessage": self.path})
                (message_id,) = query["value"]
                fake.status_queries.append(message_id)
                code, text = fake.statuses.get(message_id, ("3000", "이통사 접수"))
                row = {"messageId": message_id, "statusCode": code, "statusMessage": text}
                return self._answer(200, {"startKey": None, "messageList": {message_id: row}})

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                if self.path != "/messages/v4/send-many/detail":
                    return self._answer(404, {"errorCode": "NotFound", "errorMessage": self.path})
                if not fake.authorised(self.headers.get("Authorization", "")):
                    fake.rejected_auth += 1
                    return self._answer(
                        401,
                        {"errorCode": "SignatureDoesNotMatch", "errorMessage": "서명 불일치"},
                    )
                fake.requests.append(body)
                if fake.mode == "error":
                    return self._answer(
                        500, {"errorCode": "InternalError", "errorMessage": "잠시 후 다시"}
                    )
                group = {"groupId": f"G4V{next(fake._ids):08d}", "status": "SENDING"}
                if fake.mode == "refuse":
                    failed = [
                        {
                            "to": m.get("to"),
                            "from": m.get("from"),
                            "type": m.get("type"),
                            "country": "82",
                            "messageId": "",
                            "statusCode": "1062",
                            "statusMessage": "발신번호 미등록",
                            "accountId": "ACC1",
                        }
                        for m in body.get("messages", [])
                    ]
                    return self._answer(
                        200, {"failedMessageList": failed, "groupInfo": group, "messageList": []}
                    )
                listed = [
                    {
                        "messageId": f"M4V{next(fake._ids):08d}",
                        "statusCode": "2000",
                        "statusMessage": "정상 접수(이통사로 접수 예정) ",
                        "to": m.get("to"),
                        "type": m.get("type"),
                    }
                    for m in body.get("messages", [])
                ]
                return self._answer(
                    200, {"failedMessageList": [], "groupInfo": group, "messageList": listed}
                )

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def authorised(self, header: str) -> bool:
        match = HEADER.match(header)
        if not match or match["key"] != API_KEY:
            return False
        try:
            date = dt.datetime.fromisoformat(match["date"])
        except ValueError:
            return False
        if abs((dt.datetime.now(dt.UTC) - date).total_seconds()) > 15 * 60:
            return False
        expected = hmac.new(
            API_SECRET.encode(), (match["date"] + match["salt"]).encode(), hashlib.sha256
        ).hexdigest()
        return hmac.compare_digest(expected, match["signature"])

    def __enter__(self) -> FakeSolapi:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def configure(settings, fake: FakeSolapi, *, secret: str = API_SECRET, pf_id: str = PF_ID) -> None:
    """Point the SMS settings at ``fake``."""
    settings.SMS_PROVIDER = "solapi"
    settings.SOLAPI_API_KEY = API_KEY
    settings.SOLAPI_API_SECRET = secret
    settings.SMS_SENDER_NUMBER = "062-123-4567"
    settings.SOLAPI_BASE_URL = fake.url
    settings.ALIMTALK_PF_ID = pf_id
    settings.ALIMTALK_TEMPLATES = {"application_update": "KA01TP0000application"}
