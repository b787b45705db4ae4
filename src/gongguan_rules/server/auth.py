"""Bearer tokens: the token file, checking a request's token, making a new one.

令牌：令牌文件、核对请求所带的令牌、生成新令牌。

The token file (``--token-file``) holds one line per token, ``NAME:SHA256HEX``: who holds the
token, and the SHA-256 of the token in hexadecimal. The file never holds a token itself, so a
copy of it lets nobody in. Blank lines and lines starting with ``#`` are skipped. A NAME may hold
several tokens (so that one can be replaced without a gap); it is stored with every record its
holder writes, as ``recorded_by``.

令牌文件每行一个令牌：``名称:SHA256十六进制``，只存哈希，不存令牌本身。名称随记录保存为
``recorded_by``（记录人）。

A request names its token in ``Authorization: Bearer <token>`` (RFC 6750). Its SHA-256 is
compared with every hash in the file by :func:`hmac.compare_digest`, all of them every time, so
that how long the check takes says nothing about which hash came close.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from ..errors import GongguanError
from ..inputs.files import read_text

__all__ = ["TokenFileError", "Tokens", "hash_token", "new_token", "read_token_file", "token_line"]

#: A name: letters (Chinese too), digits and ``_ . @ -``; no colon, no blank. 令牌持有人名称。
NAME = re.compile(r"^[\w.@-]{1,64}$")
_LINE = re.compile(r"^(?P<name>[^:]*):(?P<hash>.*)$")
_HEX = re.compile(r"^[0-9a-fA-F]{64}$")
# RFC 6750 section 2.1: credentials = "Bearer" 1*SP b64token
_BEARER = re.compile(r"^Bearer +(?P<token>[A-Za-z0-9\-._~+/]+=*) *$", re.IGNORECASE)


class TokenFileError(GongguanError, ValueError):
    """A token file that cannot be used; every fault at once, each ``file:line: what``.

    令牌文件有误：一次列出全部错误。Attributes: ``path``, ``faults`` (line, message).
    """

    code = "token_file_invalid"

    def __init__(self, path: str, faults: list[tuple[int | None, str]]) -> None:
        self.path = path
        self.faults = faults
        lines = [f"{path}:{line}: {msg}" if line is not None else f"{path}: {msg}" for line, msg in faults]
        super().__init__("\n".join(lines))


def hash_token(token: str) -> str:
    """The SHA-256 of a token, as the token file writes it (lower-case hex). 令牌的 SHA-256。"""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    """A new random token: 32 bytes from :mod:`secrets`, URL-safe base64 (43 characters)."""
    return secrets.token_urlsafe(32)


def token_line(name: str, token: str) -> str:
    """The line to add to the token file for ``token`` held by ``name``. 令牌文件中的一行。"""
    if not NAME.match(name):
        raise ValueError(
            f"名称只能含字母、数字、汉字及 _ . @ -（至多 64 个字符）/ a name holds only letters, digits and _ . @ - "
            f"(at most 64 characters): {name!r}"
        )
    return f"{name}:{hash_token(token)}"


@dataclass(frozen=True)
class _Entry:
    name: str
    digest: bytes


class Tokens:
    """The tokens a service accepts, as name and SHA-256. 服务接受的令牌（名称与哈希）。

    ``Tokens({"甲区市场监管局": "9f86…"})`` or :meth:`from_file`. An empty table accepts no token:
    every request that needs one is refused.
    """

    def __init__(self, entries: Iterable[tuple[str, str]] | dict[str, str] = ()) -> None:
        pairs = entries.items() if isinstance(entries, dict) else entries
        self._entries: tuple[_Entry, ...] = tuple(_Entry(name, bytes.fromhex(digest)) for name, digest in pairs)

    @classmethod
    def from_file(cls, path: str | os.PathLike[str]) -> Tokens:
        """Read a token file; :class:`TokenFileError` lists every faulty line."""
        return cls(read_token_file(path))

    def __len__(self) -> int:
        return len(self._entries)

    def identify(self, authorization: str | None) -> str | None:
        """The NAME whose token an ``Authorization`` header carries; None when missing, malformed or unknown."""
        if not authorization:
            return None
        match = _BEARER.match(authorization)
        if match is None:
            return None
        digest = hashlib.sha256(match["token"].encode("ascii")).digest()
        found: str | None = None
        for entry in self._entries:  # every entry, every time: the time taken does not depend on which matched
            if hmac.compare_digest(digest, entry.digest):
                found = entry.name
        return found


def read_token_file(path: str | os.PathLike[str]) -> list[tuple[str, str]]:
    """The ``(name, sha256hex)`` pairs of a token file; every faulty line reported at once."""
    name = os.fspath(path)
    try:
        text = read_text(path, "tokens")
    except GongguanError as exc:
        raise TokenFileError(name, [(None, str(exc))]) from None
    pairs: list[tuple[str, str]] = []
    faults: list[tuple[int | None, str]] = []
    seen: dict[str, int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = _LINE.match(line)
        if match is None:
            faults.append((number, "应为 名称:SHA256十六进制 / expected NAME:SHA256HEX"))
            continue
        holder, digest = match["name"].strip(), match["hash"].strip()
        if not NAME.match(holder):
            faults.append(
                (number, "名称只能含字母、数字、汉字及 _ . @ - / a name holds only letters, digits and _ . @ -")
            )
            continue
        if not _HEX.match(digest):
            faults.append(
                (
                    number,
                    "哈希应为 64 位十六进制（令牌的 SHA-256，不是令牌本身）/ the hash must be 64 hex digits "
                    "(the token's SHA-256, not the token)",
                )
            )
            continue
        digest = digest.lower()
        if digest in seen:
            faults.append((number, f"与第 {seen[digest]} 行的哈希相同 / the same hash as line {seen[digest]}"))
            continue
        seen[digest] = number
        pairs.append((holder, digest))
    if faults:
        raise TokenFileError(name, faults)
    return pairs
