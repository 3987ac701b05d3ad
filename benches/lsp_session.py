#!/usr/bin/env python3
"""Whole-process timing of `iamx lsp`: a client session over stdio against the built binary.

Usage: python3 benches/lsp_session.py target/release/iamx ROLES.iamx [ROUNDS]

It opens ROLES.iamx (for docs/benchmarks.md, the 1,000-role module of
`cargo run --release --example gen_roles -- 1000`), then for ROUNDS rounds (default 20) changes
one role's name and waits for the diagnostics, hovers an action, a condition key and a
declaration, and completes after `s3:` and after `attach`; then asks for references, the outline
and formatting once, and shuts down. It prints, per kind of message, the median and the
maximum time from sending it to the answer (for a change: to its published diagnostics), and
the whole session's wall-clock time. Standard library only.
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time


class Client:
    def __init__(self, binary, cwd):
        self.p = subprocess.Popen([binary, "lsp"], cwd=cwd, stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE)
        self.next_id = 1

    def send(self, msg):
        body = json.dumps(msg).encode()
        self.p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.p.stdin.flush()

    def read(self):
        length = 0
        while True:
            line = self.p.stdout.readline()
            if not line:
                raise EOFError("the server closed its output")
            line = line.strip()
            if not line:
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        return json.loads(self.p.stdout.read(length))

    def request(self, method, params):
        i = self.next_id
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": i, "method": method, "params": params})
        while True:
            m = self.read()
            if m.get("id") == i and "method" not in m:
                return m

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def diagnostics(self, uri, version):
        while True:
            m = self.read()
            p = m.get("params", {})
            if m.get("method") == "textDocument/publishDiagnostics" and p.get("uri") == uri \
                    and p.get("version") == version:
                return p


def position(text, needle, nth):
    off = text.rindex(needle) + nth
    before = text[:off]
    return {"line": before.count("\n"), "character": len(before.rsplit("\n", 1)[-1].encode("utf-16-le")) // 2}


def main():
    binary, source = os.path.abspath(sys.argv[1]), sys.argv[2]
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    text = open(source, encoding="utf-8").read()
    work = tempfile.mkdtemp()
    path = os.path.join(work, "roles.iamx")
    uri = "file://" + path
    times = {}

    def timed(kind, f):
        t = time.perf_counter()
        r = f()
        times.setdefault(kind, []).append((time.perf_counter() - t) * 1000)
        return r

    start = time.perf_counter()
    c = Client(binary, work)
    timed("initialize", lambda: c.request("initialize", {"processId": None, "rootUri": "file://" + work, "capabilities": {}}))
    c.notify("initialized", {})

    def open_doc():
        c.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "iamx", "version": 0, "text": text}})
        return c.diagnostics(uri, 0)

    d = timed("didOpen → diagnostics", open_doc)
    assert d["diagnostics"] == [] or all(x["severity"] != 1 for x in d["diagnostics"]), d
    doc = {"uri": uri}
    at = lambda needle, nth: {"textDocument": doc, "position": position(text, needle, nth)}
    for r in range(1, rounds + 1):
        changed = text.replace("role worker_500 {", "role worker_500_%d {" % r, 1)

        def change():
            c.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": r}, "contentChanges": [{"text": changed}]})
            return c.diagnostics(uri, r)

        timed("didChange → diagnostics", change)
        h = timed("hover (action)", lambda: c.request("textDocument/hover", at("s3:GetObject", 4)))
        assert "Grants permission" in h["result"]["contents"]["value"], h
        timed("hover (key)", lambda: c.request("textDocument/hover", at("aws:SecureTransport", 4)))
        timed("hover (declaration)", lambda: c.request("textDocument/hover", at("attach shared_read", 9)))
        comp = timed("completion (actions after s3:)", lambda: c.request("textDocument/completion", at("s3:GetObject", 3)))
        assert len(comp["result"]) > 100, len(comp["result"])
        timed("completion (names)", lambda: c.request("textDocument/completion", at("attach shared_read", 7)))
        timed("definition", lambda: c.request("textDocument/definition", at("attach shared_read", 9)))
    refs = timed("references (1,000 uses)", lambda: c.request("textDocument/references", {**at("attach shared_read", 9), "context": {"includeDeclaration": True}}))
    assert len(refs["result"]) > 1000, len(refs["result"])
    timed("documentSymbol", lambda: c.request("textDocument/documentSymbol", {"textDocument": doc}))
    timed("formatting", lambda: c.request("textDocument/formatting", {"textDocument": doc, "options": {"tabSize": 2, "insertSpaces": True}}))
    timed("shutdown", lambda: c.request("shutdown", None))
    c.notify("exit", None)
    code = c.p.wait(timeout=30)
    total = (time.perf_counter() - start) * 1000
    print(f"{'message':34} {'n':>3} {'median ms':>10} {'max ms':>8}")
    for kind, ts in times.items():
        print(f"{kind:34} {len(ts):>3} {statistics.median(ts):>10.1f} {max(ts):>8.1f}")
    print(f"whole session: {total:.0f} ms, exit code {code}")


if __name__ == "__main__":
    main()
