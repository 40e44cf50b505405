#!/usr/bin/env python3
"""Checks a Switchboard webhook the way a receiver should (Standard Webhooks, v1 signatures).

    verify(secret, headers, body) -> bool

Run as a script, it checks the specification's own example and exits 0 when it verifies.
"""
import base64
import hashlib
import hmac
import time


def verify(secret: str, headers: dict, body: bytes, tolerance: int = 300) -> bool:
    msg_id = headers["webhook-id"]
    timestamp = headers["webhook-timestamp"]
    if tolerance and abs(time.time() - int(timestamp)) > tolerance:
        return False  # too old or too new: a replay
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{msg_id}.{timestamp}.".encode() + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    return any(
        hmac.compare_digest(expected, candidate.removeprefix("v1,"))
        for candidate in headers["webhook-signature"].split(" ")
        if candidate.startswith("v1,")
    )


if __name__ == "__main__":
    example = {
        "webhook-id": "msg_p5jXN8AQM9LWM0D4loKWxJek",
        "webhook-timestamp": "1614265330",
        "webhook-signature": "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
    }
    ok = verify("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", example, b'{"test": 2432232314}', tolerance=0)
    print("verified" if ok else "NOT verified")
    raise SystemExit(0 if ok else 1)
