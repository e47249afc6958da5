"""Package files: one immutable file (or a few parts) per export, signed and encrypted.

Layout of the byte stream (parts are cut from it at ``PART_SIZE``, well under FAT32's 4 GiB):

    "GRIDSYNC" | format u16 | header length u32 | header JSON          (in clear: who, to whom, wrapped key)
    chunk length u32 | AES-GCM chunk ...  | 0 u32                       (zlib-compressed JSON lines)
    manifest JSON | manifest length u32 | Ed25519 signature | "GSP-END!" (the signed manifest)

The manifest names the format and schema versions, sender, recipient, package number,
sequence range, newest clock, counts, and the SHA-256 of the payload and of everything
before it; the signature covers the manifest. Files are written under a temporary name
(starting with "." and ending ".tmp", which readers ignore; readable by their owner only),
fsynced, read back and verified, then renamed; a write that fails leaves nothing behind.
The name carries no personal data: both sites' id prefixes, the kind, the package number,
the sequence range and a short hash.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import struct
import uuid
import zlib
from pathlib import Path

from gridapp import files
from gridapp.errors import UserError
from gridapp.sync import crypto

MAGIC = b"GRIDSYNC"
END = b"GSP-END!"
FORMAT = 1
CHUNK_SIZE = 1 << 20
BLOCK = 1 << 18  # plain bytes compressed at a time
PART_SIZE = 1 << 30
SUFFIX = ".gsp"
SIGNED = b"gridapp-package-v1\0"
KINDS = {"changes": "c", "full": "f"}
HEADER_KEYS = ("from", "to", "kind", "package", "seq", "epoch")  # in clear, and signed in the manifest
NAME = re.compile(r"^gridapp_(?P<src>[0-9a-f]{8})_(?P<dst>[0-9a-f]{8})_(?P<kind>[cf])(?P<package>\d{5,})_"
                  r"(?P<first>\d+)-(?P<last>\d+)_(?P<hash>[0-9a-f]{8})"
                  r"(?:\.part(?P<part>\d{3})of(?P<parts>\d{3}))?\.gsp$")


class PackageError(UserError):
    """A package that cannot be used; the message says why, in Chinese."""


def short(site_id: str) -> str:
    return uuid.UUID(site_id).hex[:8]


def _dumps(obj) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # Windows cannot open a directory; its rename is durable enough
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class _PartSink:
    """Bytes out to temporary part files, a new one every ``part_size`` bytes."""

    def __init__(self, folder: Path, prefix: str, part_size: int):
        self.folder, self.part_size = folder, part_size
        self.token = f".{prefix}-{uuid.uuid4().hex[:12]}"
        self.paths: list[Path] = []
        self.file = None
        self.used = 0
        self.digest = hashlib.sha256()

    def _next(self) -> None:
        self._close_current()
        path = self.folder / f"{self.token}.{len(self.paths) + 1}.tmp"
        self.paths.append(path)
        self.file = files.open_private(path, "xb")
        self.used = 0

    def _close_current(self) -> None:
        if self.file is not None:
            self.file.flush()
            os.fsync(self.file.fileno())
            self.file.close()
            self.file = None

    def write(self, data: bytes, hashed: bool = True) -> None:
        if hashed:
            self.digest.update(data)
        view = memoryview(data)
        while view:
            if self.file is None or self.used >= self.part_size:
                self._next()
            assert self.file is not None  # the part _next() opened
            room = self.part_size - self.used
            self.file.write(view[:room])
            self.used += min(room, len(view))
            view = view[room:]

    def close(self) -> None:
        self._close_current()

    def discard(self) -> None:
        """Close and remove what was written, whatever failed (a full disk refuses the close)."""
        if self.file is not None:
            try:
                self.file.close()  # closes the descriptor even when flushing fails
            except OSError:
                pass
            self.file = None
        for path in self.paths:
            files.remove(path)


class Writer:
    """Streams JSON lines into a new package file; ``finish()`` names, verifies and returns it."""

    def __init__(self, folder, keys: crypto.SiteKeys, header: dict, recipient_box: bytes,
                 part_size: int = PART_SIZE):
        self.folder = Path(folder)
        self.keys = keys
        self.header = dict(header, format=FORMAT, chunk=CHUNK_SIZE)
        content_key, prefix = crypto.new_content_key()
        aad = f"{header['from']}>{header['to']}".encode()
        self.header["wrap"] = crypto.wrap(content_key, recipient_box, aad)
        self.header["self_wrap"] = crypto.wrap(content_key, keys.box_public, aad)
        self.header["nonce"] = crypto.b64(prefix)
        head = _dumps(self.header)
        preamble = MAGIC + struct.pack(">HI", FORMAT, len(head)) + head
        self.cipher = crypto.ChunkCipher(content_key, prefix, hashlib.sha256(preamble).digest())
        self.sink = _PartSink(self.folder, "gridapp-" + short(header["from"]), part_size)
        try:
            self.sink.write(preamble)
        except BaseException:
            self.sink.discard()
            raise
        self.compressor = zlib.compressobj(6)
        self._encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
        self.plain = bytearray()
        self.payload_hash = hashlib.sha256()
        self.payload_bytes = 0
        self.lines = 0
        self.buffer = bytearray()
        self.pending: bytes | None = None
        self.chunks = 0

    def write(self, obj) -> None:
        data = self._encode(obj).encode("utf-8") + b"\n"
        self.payload_bytes += len(data)
        self.lines += 1
        self.plain += data
        if len(self.plain) >= BLOCK:
            self._compress()

    def _compress(self) -> None:
        self.payload_hash.update(self.plain)
        self.buffer += self.compressor.compress(self.plain)
        self.plain = bytearray()
        while len(self.buffer) >= CHUNK_SIZE:
            self._chunk(bytes(self.buffer[:CHUNK_SIZE]))
            del self.buffer[:CHUNK_SIZE]

    def _chunk(self, plain: bytes) -> None:
        if self.pending is not None:
            self._emit(self.pending, last=False)
        self.pending = plain

    def _emit(self, plain: bytes, last: bool) -> None:
        sealed = self.cipher.seal(self.chunks, last, plain)
        self.sink.write(struct.pack(">I", len(sealed)) + sealed)
        self.chunks += 1

    def finish(self, manifest: dict) -> list[Path]:
        try:
            self._compress()
            self.buffer += self.compressor.flush()
            while len(self.buffer) > CHUNK_SIZE:
                self._chunk(bytes(self.buffer[:CHUNK_SIZE]))
                del self.buffer[:CHUNK_SIZE]
            self._chunk(bytes(self.buffer))
            assert self.pending is not None  # the chunk just made
            self._emit(self.pending, last=True)
            self.sink.write(struct.pack(">I", 0))
            manifest = dict(manifest, format=FORMAT, chunks=self.chunks, lines=self.lines,
                            payload_bytes=self.payload_bytes, payload_sha256=self.payload_hash.hexdigest(),
                            stream_sha256=self.sink.digest.hexdigest())
            for key in HEADER_KEYS:
                if key in self.header:
                    manifest[key] = self.header[key]
            body = _dumps(manifest)
            signature = crypto.sign(self.keys, SIGNED + body)
            self.sink.write(body + struct.pack(">I", len(body)) + signature + END, hashed=False)
            self.sink.close()
            Package.open(self.sink.paths).verify(self.keys.sign_public, self.keys, own=True)
            return self._rename(manifest)
        except BaseException:
            self.sink.discard()
            raise

    def _rename(self, manifest: dict) -> list[Path]:
        h = self.header
        base = (f"gridapp_{short(h['from'])}_{short(h['to'])}_{KINDS[h['kind']]}{h['package']:05d}_"
                f"{h['seq'][0]}-{h['seq'][1]}_{manifest['stream_sha256'][:8]}")
        paths = self.sink.paths
        names = [base + SUFFIX] if len(paths) == 1 else \
            [f"{base}.part{i:03d}of{len(paths):03d}{SUFFIX}" for i in range(1, len(paths) + 1)]
        final = []
        try:
            for path, name in zip(paths, names):
                target = self.folder / name
                os.replace(path, target)
                final.append(target)
            _fsync_dir(self.folder)
        except BaseException:
            for target in final:  # no package with some of its parts
                files.remove(target)
            raise
        return final


class _Stream:
    """The parts of a package read as one stream."""

    def __init__(self, paths: list[Path]):
        self.paths = paths
        self.index = 0
        self.file = open(paths[0], "rb")

    def read(self, size: int) -> bytes:
        out = bytearray()
        while len(out) < size:
            data = self.file.read(size - len(out))
            if data:
                out += data
                continue
            if self.index + 1 >= len(self.paths):
                break
            self.file.close()
            self.index += 1
            self.file = open(self.paths[self.index], "rb")
        return bytes(out)

    def close(self) -> None:
        self.file.close()


def truncated() -> PackageError:
    return PackageError("数据包不完整（文件被截断或没有复制完），未导入")


def damaged() -> PackageError:
    return PackageError("数据包已损坏或被改动（校验不符），未导入")


class Package:
    """A package file found in a folder: its clear header and its signed manifest."""

    def __init__(self, paths: list[Path], header: dict, manifest: dict, signature: bytes, body: bytes,
                 stream_size: int, preamble: bytes):
        self.paths, self.header, self.manifest = paths, header, manifest
        self.signature, self.body, self.stream_size, self.preamble = signature, body, stream_size, preamble

    @property
    def name(self) -> str:
        return self.paths[0].name

    @classmethod
    def open(cls, paths) -> "Package":
        paths = [Path(p) for p in (paths if isinstance(paths, (list, tuple)) else [paths])]
        total = sum(p.stat().st_size for p in paths)
        stream = _Stream(paths)
        try:
            start = stream.read(14)
            if len(start) < 14 or start[:8] != MAGIC:
                raise PackageError("不是 gridapp 数据包，未导入")
            version, head_len = struct.unpack(">HI", start[8:])
            if version > FORMAT:
                raise PackageError(f"数据包格式版本 {version} 高于本程序支持的 {FORMAT}：请先升级 gridapp，未导入")
            head = stream.read(head_len)
            if len(head) < head_len:
                raise truncated()
            try:
                header = json.loads(head)
            except ValueError:
                raise damaged() from None
        finally:
            stream.close()
        if total < 76 + 14:
            raise truncated()
        tail = _read_at(paths, total - 76, 76)
        if tail[-8:] != END:
            raise truncated()
        (body_len,) = struct.unpack(">I", tail[:4])
        signature = tail[4:68]
        if body_len > total - 76 - 14:
            raise damaged()
        body = _read_at(paths, total - 76 - body_len, body_len)
        try:
            manifest = json.loads(body)
        except ValueError:
            raise damaged() from None
        return cls(paths, header, manifest, signature, body, total - 76 - body_len, start + head)

    def check_signature(self, sign_public: bytes) -> None:
        try:
            crypto.verify(sign_public, self.signature, SIGNED + self.body)
        except crypto.BadCipher:
            raise PackageError("签名无效：数据包不是由它声称的站点生成的，或已被改动，未导入") from None
        for key in HEADER_KEYS:
            if self.manifest.get(key) != self.header.get(key):
                raise damaged()

    def _chunks(self, keys: crypto.SiteKeys, own: bool):
        """Decrypted chunks in order; checks the stream hash at the end."""
        aad = f"{self.header['from']}>{self.header['to']}".encode()
        try:
            content_key = crypto.unwrap(self.header["self_wrap" if own else "wrap"], keys, aad)
            prefix = crypto.unb64(self.header["nonce"])
        except (crypto.BadCipher, KeyError, ValueError):
            raise PackageError("无法解密：数据包不是发给本站点的，或已被改动，未导入") from None
        cipher = crypto.ChunkCipher(content_key, prefix, hashlib.sha256(self.preamble).digest())
        digest = hashlib.sha256(self.preamble)
        stream = _Stream(self.paths)
        try:
            stream.read(len(self.preamble))
            consumed = len(self.preamble)
            index = 0
            length = self._length(stream, digest)
            consumed += 4
            while length:
                sealed = stream.read(length)
                if len(sealed) < length:
                    raise truncated()
                digest.update(sealed)
                consumed += length
                following = self._length(stream, digest)
                consumed += 4
                try:
                    yield cipher.open(index, following == 0, sealed)
                except crypto.BadCipher:
                    raise damaged() from None
                index += 1
                length = following
            if consumed != self.stream_size or digest.hexdigest() != self.manifest.get("stream_sha256") \
                    or index != self.manifest.get("chunks"):
                raise damaged()
        finally:
            stream.close()

    @staticmethod
    def _length(stream: _Stream, digest) -> int:
        data = stream.read(4)
        if len(data) < 4:
            raise truncated()
        digest.update(data)
        return struct.unpack(">I", data)[0]

    def _plain(self, keys: crypto.SiteKeys, own: bool):
        """The payload, decrypted and inflated, in blocks; checked against the manifest's hash."""
        inflater = zlib.decompressobj()
        digest = hashlib.sha256()
        for sealed in self._chunks(keys, own):
            try:
                data = inflater.decompress(sealed)
            except zlib.error:
                raise damaged() from None
            digest.update(data)
            yield data
        if not inflater.eof or digest.hexdigest() != self.manifest.get("payload_sha256"):
            raise damaged()

    def lines(self, keys: crypto.SiteKeys, own: bool = False):
        """The payload's JSON lines."""
        rest = b""
        for data in self._plain(keys, own):
            *whole, rest = (rest + data).split(b"\n")
            for line in whole:
                try:
                    yield json.loads(line)
                except ValueError:
                    raise damaged() from None
        if rest:
            raise damaged()

    def verify(self, sign_public: bytes, keys: crypto.SiteKeys, own: bool = False) -> int:
        """Check everything without keeping the payload: signature, every chunk, both hashes."""
        self.check_signature(sign_public)
        count = sum(data.count(b"\n") for data in self._plain(keys, own))
        if count != self.manifest.get("lines"):
            raise damaged()
        return count


def _read_at(paths: list[Path], offset: int, size: int) -> bytes:
    out = bytearray()
    for path in paths:
        length = path.stat().st_size
        if offset >= length:
            offset -= length
            continue
        with open(path, "rb") as f:
            f.seek(offset)
            out += f.read(size - len(out))
        offset = 0
        if len(out) >= size:
            break
    return bytes(out)


def scan(folder) -> tuple[list[list[Path]], list[str]]:
    """Package files in ``folder`` grouped by package (parts in order), and problems found.

    Temporary files and files that are not packages are ignored.
    """
    folder = Path(folder)
    groups: dict[str, dict[int, Path]] = {}
    expected: dict[str, int] = {}
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        match = NAME.match(path.name)
        if not match or not path.is_file():
            continue
        base = path.name.split(".part")[0].removesuffix(SUFFIX)
        part = int(match["part"] or 1)
        groups.setdefault(base, {})[part] = path
        expected[base] = int(match["parts"] or 1)
    found, problems = [], []
    for base, parts in sorted(groups.items()):
        if sorted(parts) != list(range(1, expected[base] + 1)):
            missing = sorted(set(range(1, expected[base] + 1)) - set(parts))
            problems.append(f"{base}：缺少第 {'、'.join(map(str, missing))} 部分")
            continue
        found.append([parts[i] for i in sorted(parts)])
    return found, problems


def header_of(path: Path) -> dict | None:
    """The clear header of a package file (or its first part); None when it cannot be read
    (a later part, or not a package)."""
    try:
        with open(path, "rb") as f:
            start = f.read(14)
            if len(start) < 14 or start[:8] != MAGIC:
                return None
            head = json.loads(f.read(struct.unpack(">HI", start[8:])[1]))
    except (OSError, ValueError, struct.error):
        return None
    return head if isinstance(head, dict) else None


def name_info(path: Path) -> dict | None:
    match = NAME.match(Path(path).name)
    return match.groupdict() if match else None
