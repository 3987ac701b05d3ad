"""Helpers shared by the Google Cloud and Azure catalog generators (scripts/catalog/gcp/build.py,
scripts/catalog/azure/build.py): reading files of a git repository at a pinned commit, the text
encodings the Rust loaders read (src/gcp/catalog.rs, src/azure/catalog.rs), and the digest the
corpus tests compare against.

Only the Python standard library and git are needed.
"""

import os
import subprocess
import sys


class GitSource:
    """Files of a local git repository (a clone with a work tree, or a bare/mirror git directory),
    read at a given commit with `git cat-file`, so the state of the work tree does not matter."""

    def __init__(self, path, commit):
        self.path = path
        self.commit = commit
        probe = subprocess.run(
            ["git", "-C", path, "cat-file", "-e", f"{commit}^{{commit}}"], capture_output=True
        )
        if probe.returncode != 0:
            sys.exit(
                f"{path}: commit {commit} is not in this repository "
                "(a full `git clone` has it; see the script's header)"
            )
        self.date = self._git("show", "-s", "--format=%cs", commit).decode().strip()

    def _git(self, *args):
        return subprocess.run(
            ["git", "-C", self.path, *args], capture_output=True, check=True
        ).stdout

    def list(self, folder):
        """(path, blob sha) of every file directly under `folder/` at the commit."""
        out = self._git("ls-tree", "-z", self.commit, folder.rstrip("/") + "/").decode()
        for item in out.split("\0"):
            if item:
                meta, path = item.split("\t", 1)
                yield path, meta.split()[2]

    def read(self, path):
        """The bytes of `path` at the commit; exits with a message when the blob is absent."""
        spec = f"{self.commit}:{path}"
        r = subprocess.run(["git", "-C", self.path, "cat-file", "blob", spec], capture_output=True)
        if r.returncode != 0:
            sys.exit(f"{self.path}: cannot read {spec}: {r.stderr.decode().strip()}")
        return r.stdout

    def read_many(self, shas):
        """The bytes of many blobs at once (`git cat-file --batch`), in the order given."""
        data = "".join(f"{s}\n" for s in shas).encode()
        out = subprocess.run(
            ["git", "-C", self.path, "cat-file", "--batch"],
            input=data,
            capture_output=True,
            check=True,
        ).stdout
        blobs, pos = [], 0
        for sha in shas:
            end = out.index(b"\n", pos)
            header = out[pos:end].decode().split()
            if len(header) != 3:
                sys.exit(f"{self.path}: blob {sha} is missing ({' '.join(header)})")
            size = int(header[2])
            blobs.append(out[end + 1 : end + 1 + size])
            pos = end + 1 + size + 1
        return blobs


def fnv64(text):
    """FNV-1a, 64 bits, over the UTF-8 bytes of `text`, as 16 hex digits (the Rust tests compute
    the same over what the loader returns)."""
    h = 0xCBF29CE484222325
    for b in text.encode("utf-8"):
        h ^= b
        h = (h * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return f"{h:016x}"


def escape(text):
    """A free-text field on one line: backslash, tab, newline and carriage return escaped."""
    return (
        text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    )


def front_code(names):
    """Front coding of a sorted list: each line is `SHARED SUFFIX`, SHARED the number of leading
    bytes equal to the previous name's (names are ASCII and hold no space)."""
    lines, prev = [], ""
    for n in names:
        if not n.isascii() or " " in n or "\t" in n or "\n" in n:
            sys.exit(f"cannot front-code {n!r}: not ASCII, or holds a space, tab or newline")
        k, limit = 0, min(len(n), len(prev))
        while k < limit and n[k] == prev[k]:
            k += 1
        lines.append(f"{k} {n[k:]}")
        prev = n
    return lines


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)
