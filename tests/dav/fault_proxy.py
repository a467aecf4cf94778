#!/usr/bin/python3
# Copyright 2026 The vcsplit Authors. Licensed under the Apache License 2.0.
#
# A small HTTP proxy for the CardDAV tests, on 127.0.0.1 only: it forwards
# every request to UPSTREAM (a test server on 127.0.0.1), logs one line per
# request to LOG ("METHOD PATH STATUS"), and injects the faults listed in
# RULES, a file of JSON objects, one a line, read again for every request:
#
#   {"method": "PUT", "path": "abc", "status": 412, "times": 1}
#       answer 412 (without forwarding) to the next matching request
#   {"method": "PUT", "status": 429, "retry_after": "1", "times": 2}
#   {"method": "GET", "delay": 3}         wait 3 s, then forward
#   {"method": "REPORT", "cut": true}     forward, then send half the answer
#   {"method": "PROPFIND", "oversize": 70000000}
#                                         answer 207 with that many bytes
#   {"after": 40, "down": true}           after 40 requests, close every
#                                         connection without an answer
#   {"method": "PROPFIND", "status": 207, "body": "<...>"}
#                                         answer with this body (text/xml)
#   {"digest": {"user": "u", "password": "p"}}
#                                         every request must carry a valid
#                                         Digest Authorization (RFC 7616,
#                                         MD5, qop=auth), else 401; it is
#                                         not forwarded upstream
#
# "method" and "path" (a substring) select requests; "times" limits how
# often a rule fires (default: always); the count starts again when the
# rules file changes. Usage:
#   fault_proxy.py UPSTREAM_PORT RULES LOG
# It prints "Listening on PORT" on standard error once it accepts
# connections.

import hashlib
import http.client
import http.server
import json
import re
import socketserver
import sys
import threading
import time

UPSTREAM = int(sys.argv[1])
RULES = sys.argv[2]
LOG = sys.argv[3]
lock = threading.Lock()
fired = {}
count = [0]


last_text = [None]


def rules():
    """The rules; new rules (a changed file) fire afresh."""
    try:
        with open(RULES) as f:
            text = f.read()
    except FileNotFoundError:
        text = ""
    if text != last_text[0]:
        last_text[0] = text
        fired.clear()
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def matching(method, path):
    with lock:
        count[0] += 1
        n = count[0]
        for i, rule in enumerate(rules()):
            if "digest" in rule or ("after" in rule and n <= rule["after"]):
                continue
            if rule.get("method", method) != method:
                continue
            if rule.get("path", "") not in path:
                continue
            times = rule.get("times")
            if times is not None and fired.get(i, 0) >= times:
                continue
            fired[i] = fired.get(i, 0) + 1
            return rule
    return None


REALM = "vcsplit-test"
NONCE = hashlib.md5(str(time.time()).encode()).hexdigest()


def md5(text):
    return hashlib.md5(text.encode()).hexdigest()


def digest_ok(header, method, login):
    if not header.startswith("Digest "):
        return False
    fields = {k: a or b for k, a, b in re.findall(r'(\w+)=(?:"([^"]*)"|([^,\s]*))', header)}
    if fields.get("username") != login["user"] or fields.get("nonce") != NONCE:
        return False
    ha1 = md5(f"{login['user']}:{REALM}:{login['password']}")
    ha2 = md5(f"{method}:{fields.get('uri', '')}")
    expected = md5(f"{ha1}:{NONCE}:{fields.get('nc', '')}:{fields.get('cnonce', '')}:"
                   f"{fields.get('qop', '')}:{ha2}")
    return fields.get("qop") == "auth" and fields.get("response") == expected


def log(method, path, status):
    with lock, open(LOG, "a") as f:
        f.write(f"{method} {path} {status}\n")


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def handle_any(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        with lock:
            login = next((r["digest"] for r in rules() if "digest" in r), None)
        if login and not digest_ok(self.headers.get("Authorization", ""), self.command, login):
            self.send_response(401)
            self.send_header("WWW-Authenticate",
                             f'Digest realm="{REALM}", qop="auth", nonce="{NONCE}", algorithm=MD5')
            self.send_header("Content-Length", "0")
            self.end_headers()
            log(self.command, self.path, 401)
            return
        rule = matching(self.command, self.path) or {}
        if rule.get("down"):
            log(self.command, self.path, "down")
            self.close_connection = True
            self.connection.close()
            return
        if "delay" in rule:
            time.sleep(rule["delay"])
        if "status" in rule:
            answer = rule.get("body", "").encode()
            self.send_response(rule["status"])
            if "retry_after" in rule:
                self.send_header("Retry-After", rule["retry_after"])
            if answer:
                self.send_header("Content-Type", "text/xml; charset=utf-8")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)
            log(self.command, self.path, rule["status"])
            return
        if "oversize" in rule:
            self.send_response(207)
            self.send_header("Content-Type", "text/xml")
            self.send_header("Content-Length", str(rule["oversize"]))
            self.end_headers()
            chunk = b" " * 65536
            sent = 0
            try:
                while sent < rule["oversize"]:
                    self.wfile.write(chunk)
                    sent += len(chunk)
            except OSError:
                pass
            log(self.command, self.path, "oversize")
            self.close_connection = True
            return
        upstream = http.client.HTTPConnection("127.0.0.1", UPSTREAM, timeout=60)
        dropped = ("host", "authorization") if login else ("host",)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in dropped}
        upstream.request(self.command, self.path, body=body, headers=headers)
        answer = upstream.getresponse()
        data = answer.read()
        self.send_response(answer.status)
        for k, v in answer.getheaders():
            if k.lower() not in ("content-length", "transfer-encoding", "connection"):
                self.send_header(k, v)
        if rule.get("cut"):
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
            log(self.command, self.path, "cut")
            self.close_connection = True
            self.connection.close()
            return
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        upstream.close()
        log(self.command, self.path, answer.status)

    do_GET = do_PUT = do_DELETE = do_PROPFIND = do_REPORT = do_MKCOL = do_OPTIONS = handle_any


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


server = Server(("127.0.0.1", 0), Handler)
print(f"Listening on {server.server_address[1]}", file=sys.stderr, flush=True)
server.serve_forever()
