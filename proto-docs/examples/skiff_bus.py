#!/usr/bin/env python3
"""skiff_bus.py - a Python client of the Skiff bus written from its documents alone:
SKIFF-RPC/1 (../bus-rpc.md), SKIFF-EVENTS/1 (../bus-events.md), `skiff bus-demo` (README.md).
Section numbers in the comments (rpc §n, events §n) point into those documents.

  skiff_bus.py --rpc EP --events EP check [--flood N]
  skiff_bus.py --rpc EP call METHOD [BODY] [--idempotent] [--timeout MS]
  skiff_bus.py --events EP follow STREAM [--count N] [--seconds S]
  skiff_bus.py selftest
"""
import argparse, json, math, os, struct, sys, time
from collections import namedtuple

import zmq
from zmq.utils.monitor import recv_monitor_message

# ---------------------------------------------------------------- SKIFF-RPC/1 wire format (rpc §3)
RPC_VERSION, KIND_REQUEST, KIND_REPLY, FLAG_IDEMPOTENT = 1, 1, 2, 0x01
REQ_FIXED = struct.Struct(">BBQIBB")   # version, kind, request id, timeout, flags, method length
REPLY_FIXED = struct.Struct(">BBQHB")  # version, kind, request id, code, reason length


class BusError(Exception):
    """An error reply, or one raised by the client itself (Timeout, Unavailable): rpc §4."""

    def __init__(self, code, reason, message=""):
        super().__init__(f"{code} {reason}: {message}")
        self.code, self.reason, self.message = code, reason, message


def encode_request(request_id, method, timeout_ms, idempotent):
    """Request header (rpc §3.2). The body travels in its own frame."""
    name = method.encode("ascii")
    if not 1 <= len(name) <= 255:
        raise ValueError("method name must be 1 to 255 ASCII bytes")
    flags = FLAG_IDEMPOTENT if idempotent else 0
    return REQ_FIXED.pack(RPC_VERSION, KIND_REQUEST, request_id, timeout_ms, flags, len(name)) + name


def decode_reply(header):
    """Reply header (rpc §3.3) -> (request id, code, reason). ValueError if malformed."""
    if len(header) < REPLY_FIXED.size:
        raise ValueError("short reply header")
    version, kind, request_id, code, m = REPLY_FIXED.unpack_from(header)
    if version != RPC_VERSION or kind != KIND_REPLY:
        raise ValueError(f"not a version 1 reply (version {version}, kind {kind})")
    if len(header) != REPLY_FIXED.size + m:
        raise ValueError("reason length does not match the header size")
    return request_id, code, header[REPLY_FIXED.size:].decode("ascii")


def _socket(ctx, kind, **options):
    """A socket with the options rpc §2 and §6.4 ask for (ZMTP heartbeats, reconnect back-off)."""
    sock = ctx.socket(kind)
    options = dict(LINGER=0, HEARTBEAT_IVL=1000, HEARTBEAT_TIMEOUT=3000, HEARTBEAT_TTL=3000,
                   RECONNECT_IVL=100, RECONNECT_IVL_MAX=2000, **options)
    for name, value in options.items():
        sock.setsockopt(getattr(zmq, name), value)
    return sock


def _poller(*socks):
    poller = zmq.Poller()
    for sock in socks:
        poller.register(sock, zmq.POLLIN)
    return poller


class _Call:  # one call in flight: outcome is the reply body or a BusError once known
    def __init__(self, method, body, idempotent, deadline):
        self.method, self.body, self.idempotent, self.deadline = method, body, idempotent, deadline
        self.next_send, self.interval, self.outcome = time.monotonic(), 1.0, None


class RpcClient:
    """SKIFF-RPC/1 client on one DEALER socket. Many calls may be in flight: start() sends one and
    returns its id; wait() waits for that id while filing the replies of the others."""

    def __init__(self, ctx, endpoint):
        self.sock = _socket(ctx, zmq.DEALER)
        self.monitor = self.sock.get_monitor_socket(zmq.EVENT_DISCONNECTED)
        self.sock.connect(endpoint)
        self.poller = _poller(self.sock, self.monitor)
        self.calls, self.next_id = {}, 1  # id 0 is never used: it marks unreadable requests (§4)
        self.dropped = 0                     # replies for ids we were not waiting for (§4)

    def start(self, method, body=b"", timeout_ms=5000, idempotent=False):
        encode_request(0, method, 0, idempotent)  # validate the method name now, not later
        rid, self.next_id = self.next_id, self.next_id % (2**64 - 1) + 1
        self.calls[rid] = _Call(method, body, idempotent, time.monotonic() + timeout_ms / 1000)
        self._send_due()
        return rid

    def call(self, method, body=b"", timeout_ms=5000, idempotent=False):
        return self.wait(self.start(method, body, timeout_ms, idempotent))

    def wait(self, rid):
        """The reply body of call `rid`, or BusError (its error reply, Timeout or Unavailable)."""
        c = self.calls[rid]
        while c.outcome is None:
            now = time.monotonic()
            if now >= c.deadline:  # §6.1
                c.outcome = BusError(504, "Timeout", f"no reply to {c.method} before the deadline")
                break
            due = min([x.next_send for x in self.calls.values() if x.outcome is None and x.deadline > now]
                      + [c.deadline])  # wake up for the next (re)send that is due, or our deadline
            self._pump(max(0.0, due - now))
            self._send_due()
        del self.calls[rid]
        if isinstance(c.outcome, BusError):
            raise c.outcome
        return c.outcome

    def done(self, rid):
        """Without blocking: has call `rid` an outcome (or passed its deadline)? wait() then returns."""
        self._pump(0)
        self._send_due()
        c = self.calls[rid]
        return c.outcome is not None or time.monotonic() >= c.deadline

    def _send_due(self):
        """First sends, and re-sends of idempotent calls under the same id (§6.2)."""
        now = time.monotonic()
        for rid, c in self.calls.items():
            if c.outcome is not None or now < c.next_send or now >= c.deadline:
                continue
            left_ms = min(2**32 - 1, max(1, math.ceil((c.deadline - now) * 1000)))  # 0 would mean "none"
            try:
                self.sock.send_multipart([encode_request(rid, c.method, left_ms, c.idempotent), c.body],
                                         flags=zmq.NOBLOCK, copy=False)
            except zmq.Again:  # no room in the queue yet: it was not sent, so trying again is safe
                c.next_send = now + 0.05
                continue
            # Next attempt: 1 s, doubling, at most 5 s; never for a call that is not idempotent.
            c.next_send = now + c.interval if c.idempotent else math.inf
            c.interval = min(c.interval * 2, 5.0)

    def _pump(self, timeout_s):
        ready = dict(self.poller.poll(timeout_s * 1000))
        if self.monitor in ready and recv_monitor_message(self.monitor)["event"] == zmq.EVENT_DISCONNECTED:
            for c in self.calls.values():  # §6.3: connection lost
                if c.outcome is None and c.idempotent:
                    c.next_send = time.monotonic()  # sent again; queued until the DEALER reconnects
                elif c.outcome is None:
                    c.outcome = BusError(503, "Unavailable", f"connection lost during {c.method}")
        while self.sock in ready:
            try:
                frames = self.sock.recv_multipart(zmq.NOBLOCK)
            except zmq.Again:
                break
            try:
                if len(frames) != 2:
                    raise ValueError(f"{len(frames)} frames")
                rid, code, reason = decode_reply(frames[0])
            except (ValueError, UnicodeDecodeError) as e:
                print(f"skiff_bus: dropped malformed reply ({e})", file=sys.stderr)
                continue
            c = self.calls.get(rid)
            if c is None or c.outcome is not None:
                self.dropped += 1  # late reply, or a second reply to a retried call (§4)
            elif code == 200:
                c.outcome = frames[1]
            else:
                c.outcome = BusError(code, reason, frames[1].decode("utf-8", "replace"))


# ------------------------------------------------------------ SKIFF-EVENTS/1 (events §2, §3, §6)
EV_VERSION, KIND_EVENT, KIND_HEARTBEAT = 1, 1, 2
EV_HEADER = struct.Struct(">BBQQQ")  # version, kind, epoch, sequence, revision: 26 bytes


def stream_of(topic):
    """The stream a topic belongs to (events §2)."""
    slashes = 2 if "@" in topic.split("/", 1)[0] else 1  # index copies: up to the second '/'
    pos = -1
    for _ in range(slashes):
        pos = topic.find("/", pos + 1)
        if pos < 0:
            return topic  # no '/' (or an index topic with only one): its own stream
    return topic[:pos + 1]


def is_whole_streams(prefix):
    """A subscription may name whole streams only: a stream name or a prefix of stream names."""
    return stream_of(prefix) == prefix


def decode_event(frames):
    """[topic][header][body] -> (topic, kind, epoch, sequence, revision, body); ValueError if bad."""
    if len(frames) != 3:
        raise ValueError(f"{len(frames)} frames")
    topic, header, body = frames
    if len(header) != EV_HEADER.size:
        raise ValueError(f"header of {len(header)} bytes")
    version, kind, epoch, seq, rev = EV_HEADER.unpack(header)
    if version != EV_VERSION or kind not in (KIND_EVENT, KIND_HEARTBEAT):
        raise ValueError(f"version {version}, kind {kind}")
    return topic.decode("utf-8"), kind, epoch, seq, rev, body


# What the tracker tells its owner. kind: "event" (apply it) or "resync" (why: epoch, sequence,
# heartbeat, silent or reconnect).
Note = namedtuple("Note", "kind stream topic epoch sequence revision body why")
GAP_REASONS = ("epoch", "sequence", "heartbeat")


class StreamTracker:
    """Per-stream epoch and last sequence (events §6). Pure logic: no sockets, so selftest can drive it."""

    def __init__(self, silence_s=3.0):
        self.silence_s, self.streams, self.malformed = silence_s, {}, 0  # stream -> [epoch, last, seen]
        self.log = lambda msg: print(f"skiff_bus: {msg}", file=sys.stderr)

    def is_live(self, stream):
        return stream in self.streams

    def observe(self, frames, now):
        try:
            topic, kind, epoch, seq, rev, body = decode_event(frames)
        except (ValueError, UnicodeDecodeError) as e:  # §6.7: logged and dropped, advances nothing
            self.malformed += 1
            self.log(f"dropped malformed event message ({e})")
            return []
        stream = stream_of(topic)
        event = Note("event", stream, topic, epoch, seq, rev, body, None)
        st = self.streams.get(stream)
        if st is None:  # §6.1: the first message sets the baseline; the stream is live
            self.streams[stream] = [epoch, seq, now]
            return [event] if kind == KIND_EVENT else []
        st[2] = now
        if epoch == st[0]:
            if kind == KIND_EVENT and seq == st[1] + 1:  # §6.2
                st[1] = seq
                return [event]
            if kind == KIND_HEARTBEAT and seq == st[1]:  # §6.3
                return []
        why = "epoch" if epoch != st[0] else "sequence" if kind == KIND_EVENT else "heartbeat"
        st[0], st[1] = epoch, seq  # §6.4: new baseline; this message is not applied
        return [event._replace(kind="resync", why=why)]

    def check_silence(self, now):
        """§6.5: a live stream with no message for the silence timeout. Reported once per period."""
        notes = []
        for stream, st in self.streams.items():
            if now - st[2] >= self.silence_s:
                st[2] = now
                notes.append(Note("resync", stream, None, st[0], st[1], None, None, "silent"))
        return notes

    def reconnected(self):
        """§6.6: every stream needs a resync and is no longer live until its next message."""
        notes = [Note("resync", s, None, st[0], st[1], None, None, "reconnect") for s, st in self.streams.items()]
        self.streams.clear()
        return notes


class Subscriber:
    """SUB socket subscribed to whole streams, feeding a StreamTracker."""

    def __init__(self, ctx, endpoint, prefixes, silence_s=3.0, **options):
        self.sock = _socket(ctx, zmq.SUB, **options)  # e.g. RCVHWM=1 for a reader that must lose events
        for p in prefixes:
            if not is_whole_streams(p):
                raise ValueError(f"{p!r} is part of stream {stream_of(p)!r}: subscribe to whole streams")
            self.sock.setsockopt(zmq.SUBSCRIBE, p.encode("utf-8"))
        self.monitor = self.sock.get_monitor_socket(zmq.EVENT_CONNECTED | zmq.EVENT_DISCONNECTED)
        self.sock.connect(endpoint)
        self.tracker, self.lost = StreamTracker(silence_s), False
        self.poller = _poller(self.sock, self.monitor)

    def close(self):
        self.monitor.close()
        self.sock.close()

    def poll(self, timeout_s):
        """Handle at most one message; return its notes, or [] when timeout_s passed quietly."""
        end = time.monotonic() + timeout_s
        while True:
            now = time.monotonic()
            notes = self.tracker.check_silence(now)
            if notes:
                return notes
            ready = dict(self.poller.poll(max(0.0, min(end - now, 0.25)) * 1000))
            if self.monitor in ready:
                event = recv_monitor_message(self.monitor)["event"]
                if event == zmq.EVENT_DISCONNECTED:
                    self.lost = True
                elif event == zmq.EVENT_CONNECTED and self.lost:
                    self.lost = False
                    notes = self.tracker.reconnected()
            if self.sock in ready:
                notes += self.tracker.observe(self.sock.recv_multipart(), time.monotonic())
            if notes or time.monotonic() >= end:
                return notes


class CounterFollower:
    """Keeps a copy of the demo counter by events §7: subscribe, wait for live, snapshot, apply."""

    def __init__(self, sub, rpc, stream="counter/"):
        self.sub, self.rpc, self.stream = sub, rpc, stream
        self.value = self.revision = None
        self.gaps = self.resyncs = self.applied = 0

    def resync(self, deadline):
        while not self.sub.tracker.is_live(self.stream):  # §7.1: wait for the welcome heartbeat
            if time.monotonic() >= deadline:
                raise BusError(504, "Timeout", f"stream {self.stream} never became live")
            self.sub.poll(min(0.25, deadline - time.monotonic()))  # events before the snapshot: in it
        left_ms = max(1, min(5000, int((deadline - time.monotonic()) * 1000)))
        snap = json.loads(self.rpc.call("counter.get", timeout_ms=left_ms, idempotent=True))
        # §7.2: the state at revision R. Revisions never decrease within a stream, so "apply what is
        # above R" and "apply what is above the last applied revision" are the same test.
        self.revision, self.value = snap["revision"], snap["value"]

    def step(self, timeout_s, deadline):
        """Handle one message (or a quiet timeout_s). Returns the number of notes handled."""
        notes = self.sub.poll(timeout_s)
        for n in notes:
            if n.stream != self.stream:
                continue
            if n.kind == "event":
                if n.revision > self.revision:  # §7.3; at or below R: already in the snapshot
                    self.revision, self.value = n.revision, json.loads(n.body)["value"]
                    self.applied += 1
            else:  # §7.4: resync needed -> snapshot again (after waiting for live if need be)
                self.gaps += n.why in GAP_REASONS
                self.resyncs += 1
                self.resync(deadline)
        return len(notes)

    def catch_up(self, revision, deadline):
        """Step until the copy is at `revision` or later."""
        while self.revision < revision:
            if time.monotonic() >= deadline:
                raise BusError(504, "Timeout", f"follower stuck at revision {self.revision} < {revision}")
            self.step(min(0.25, max(0.0, deadline - time.monotonic())), deadline)


# ------------------------------------------------------------------------------- commands
def cmd_check(args, ctx):
    """The end-to-end checks against `skiff bus-demo`; everything within one overall deadline."""
    deadline, out, step = time.monotonic() + args.deadline, {}, "ping"
    rpc = RpcClient(ctx, args.rpc)
    left_ms = lambda cap_ms: max(1, min(cap_ms, int((deadline - time.monotonic()) * 1000)))
    get = lambda: json.loads(rpc.call("counter.get", timeout_ms=left_ms(5000), idempotent=True))

    def fail(msg):
        out[step] = {"error": msg}
        print(json.dumps(out))
        sys.exit(f"skiff_bus check: {step}: {msg}")

    def expect_error(code, reason, *call, **kw):
        try:
            fail(f"{call[0]} answered ok, expected {code} {reason}: {rpc.call(*call, **kw)!r}")
        except BusError as e:
            if (e.code, e.reason) != (code, reason):
                fail(f"expected {code} {reason}, got {e}")
            return e

    try:
        if rpc.call("_ping", timeout_ms=left_ms(5000), idempotent=True) != b"":
            fail("_ping answered with a non-empty body")
        out[step] = "ok"

        step = "echo"
        for p in [b"", b"hi", bytes(range(256)), b"\x00" * 17, "naïve ☃".encode(), os.urandom(65536)]:
            if rpc.call("echo", p, timeout_ms=left_ms(5000), idempotent=True) != p:
                fail(f"{len(p)} bytes did not come back identical")
        out[step] = "ok"

        step = "not_found"
        e = expect_error(404, "NotFound", "no.such.method", b"{}", timeout_ms=left_ms(5000))
        out[step] = {"code": e.code, "reason": e.reason, "message": e.message}

        step = "timeout"  # a call slower than its deadline fails with Timeout; its late reply is dropped
        t0 = time.monotonic()
        expect_error(504, "Timeout", "sleep", b"1000", timeout_ms=200, idempotent=True)
        out[step] = {"reason": "Timeout", "after_ms": round((time.monotonic() - t0) * 1000)}

        step = "follow"  # events §7 while the counter changes: no gap expected
        sub = Subscriber(ctx, args.events, ["counter/"])
        f = CounterFollower(sub, rpc)
        f.resync(deadline)
        for n in [1, 2, 1000, 7, 65536] + [(i * 37) % 101 + 1 for i in range(45)]:  # 50 adds
            rpc.call("counter.add", str(n).encode(), timeout_ms=left_ms(5000))
            while f.step(0, deadline):  # apply whatever has arrived meanwhile, without blocking
                pass
        final = get()
        f.catch_up(final["revision"], deadline)
        out[step] = {"value": f.value, "expected": final["value"], "revision": f.revision,
                     "events_applied": f.applied, "gaps": f.gaps, "resyncs": f.resyncs}
        if f.value != final["value"] or f.resyncs:
            fail(f"followed value {f.value}, counter.get {final['value']}, {f.resyncs} resyncs")
        sub.close()

        step = "gap"  # a slow subscriber with a tiny queue must lose events, notice, and resync
        f = CounterFollower(Subscriber(ctx, args.events, ["counter/"], RCVHWM=1, RCVBUF=4096), rpc)
        f.resync(deadline)
        floods, n = [], args.flood
        while True:
            fid = rpc.start("counter.flood", str(n).encode(), timeout_ms=left_ms(30000))
            while not rpc.done(fid):  # read slowly (at most ~1000 messages/s) while the flood runs
                if f.step(0.01, deadline):
                    time.sleep(0.001)
            rpc.wait(fid)
            floods.append(n)
            final = get()
            f.catch_up(final["revision"], deadline)
            if f.gaps or len(floods) == 3:
                break
            n *= 4  # the whole flood fitted in the buffers on the way (PUB queue, TCP): flood harder
        out[step] = {"floods": floods, "gaps_detected": f.gaps, "resyncs": f.resyncs, "value": f.value,
                     "expected": final["value"], "events_applied": f.applied}
        if f.gaps < 1 or f.value != final["value"]:
            fail(f"{f.gaps} gaps in floods of {floods}; followed value {f.value}, counter.get {final['value']}")
        out["late_replies_dropped"] = rpc.dropped
    except Exception as e:  # BusError, or a reply body that is not the documented JSON
        fail(str(e) if isinstance(e, BusError) else f"{type(e).__name__}: {e}")
    print(json.dumps(out))


def cmd_call(args, ctx):
    rpc = RpcClient(ctx, args.rpc)
    try:
        body = rpc.call(args.method, (args.body or "").encode(), args.timeout, args.idempotent)
    except BusError as e:
        sys.exit(f"error {e.code} {e.reason}: {e.message}")
    sys.stdout.buffer.write(body + (b"\n" if sys.stdout.isatty() else b""))


def cmd_follow(args, ctx):
    sub = Subscriber(ctx, args.events, [args.stream])
    end, seen = time.monotonic() + (args.seconds or math.inf), 0
    while time.monotonic() < end and (args.count is None or seen < args.count):
        for n in sub.poll(min(1.0, end - time.monotonic())):
            line = {"topic": n.topic, "sequence": n.sequence, "revision": n.revision}
            if n.kind == "event":
                seen += 1
                line["body"] = n.body.decode("utf-8", "replace")
            else:
                line = {"resync": n.stream, "why": n.why, **line}
            print(json.dumps(line), flush=True)


def cmd_selftest(args, ctx):
    """Check the codec against the worked bytes of rpc §7 and events §8, and the rules of §2/§6."""
    h = bytes.fromhex
    assert encode_request(7, "echo", 1500, True) == h("01 01 00 00 00 00 00 00 00 07 00 00 05 dc 01 04 65 63 68 6f")
    assert decode_reply(h("01 02 00 00 00 00 00 00 00 07 00 c8 00")) == (7, 200, "")
    assert decode_reply(h("01 02 00 00 00 00 00 00 00 08 01 94 08 4e 6f 74 46 6f 75 6e 64")) == (8, 404, "NotFound")
    for bad in ("01 02 00", "02 02 00 00 00 00 00 00 00 07 00 c8 00", "01 02 00 00 00 00 00 00 00 07 00 c8 01"):
        try:
            raise AssertionError(f"accepted malformed reply {decode_reply(h(bad))}")
        except ValueError:
            pass
    ev = h("01 01 11 22 33 44 55 66 77 88 00 00 00 00 00 00 00 03 00 00 00 00 00 00 00 2a")
    hb = h("01 02 11 22 33 44 55 66 77 88 00 00 00 00 00 00 00 03 00 00 00 00 00 00 00 2a")
    E = 0x1122334455667788
    assert decode_event([b"pods/default/web-0", ev, b"{}"]) == ("pods/default/web-0", 1, E, 3, 42, b"{}")
    assert decode_event([b"pods/", hb, b""]) == ("pods/", 2, E, 3, 42, b"")
    for topic, stream in [("pods/default/web-0", "pods/"), ("nodes//node-1", "nodes/"), ("pods/", "pods/"),
                          ("/registry/pods/default/web-0", "/"), ("/", "/"), ("counter/value", "counter/"),
                          ("pods@node/node-1/default/web-0", "pods@node/node-1/"), ("pods", "pods"),
                          ("pods@node/node-1", "pods@node/node-1"), ("pods@node", "pods@node")]:
        assert stream_of(topic) == stream, (topic, stream_of(topic), stream)
    assert all(map(is_whole_streams, ["", "pods", "pods/", "pods@node/node-1/", "/"]))
    assert not any(map(is_whole_streams, ["pods/default/", "pods@node/node-1/default/", "/registry/"]))
    # §6 state machine on the §8 messages: heartbeat 2 sets the baseline, event 3 is next, ...
    t = StreamTracker(silence_s=3.0)
    t.log = lambda msg: None
    mk = lambda kind, epoch, seq: [b"pods/default/web-0" if kind == 1 else b"pods/",
                                   EV_HEADER.pack(1, kind, epoch, seq, 40 + seq), b"{}" if kind == 1 else b""]
    why = lambda notes: [n.why for n in notes]
    assert t.observe(mk(2, E, 2), 0.0) == [] and t.is_live("pods/")  # §6.1 welcome
    assert t.observe([b"pods/default/web-0", ev, b"{}"], 0.5)[0].kind == "event"  # §6.2: 3 = 2 + 1
    assert t.observe([b"pods/", hb, b""], 1.0) == []  # §6.3: heartbeat 3 confirms
    assert why(t.observe(mk(1, E, 5), 1.1)) == ["sequence"]  # 4 was lost; 5 is the new baseline
    assert t.observe(mk(1, E, 6), 1.2)[0].kind == "event" and why(t.observe(mk(2, E, 7), 1.3)) == ["heartbeat"]
    assert why(t.observe(mk(2, E + 1, 0), 1.4)) == ["epoch"]
    for bad in ([b"pods/", hb], [b"pods/", hb[:-1], b""], [b"pods/", b"\x02" + hb[1:], b""]):
        assert t.observe(bad, 1.5) == []  # §6.7: dropped, advances nothing (not even the silence clock)
    assert t.check_silence(4.3) == [] and why(t.check_silence(4.4)) == ["silent"]
    assert why(t.reconnected()) == ["reconnect"] and not t.is_live("pods/")
    print(json.dumps({"selftest": "ok"}))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rpc", help="SKIFF-RPC/1 endpoint, e.g. tcp://127.0.0.1:7101")
    ap.add_argument("--events", help="SKIFF-EVENTS/1 endpoint, e.g. tcp://127.0.0.1:7102")
    sp = ap.add_subparsers(dest="cmd", required=True)
    p = sp.add_parser("check", help="run the protocol checks against `skiff bus-demo`")
    p.add_argument("--flood", type=int, default=20000, help="events of the first flood (x4 while no gap)")
    p.add_argument("--deadline", type=float, default=60.0, help="overall deadline in seconds")
    p = sp.add_parser("call", help="call one method and print the reply body")
    p.add_argument("method")
    p.add_argument("body", nargs="?", help="sent as UTF-8; empty when left out")
    p.add_argument("--idempotent", action="store_true")
    p.add_argument("--timeout", type=int, default=5000, help="milliseconds")
    p = sp.add_parser("follow", help="print the events of a stream, and every resync needed")
    p.add_argument("stream")
    p.add_argument("--count", type=int, help="stop after N events")
    p.add_argument("--seconds", type=float, help="stop after S seconds")
    sp.add_parser("selftest", help="check the codec against the documents' worked examples")
    args = ap.parse_args()
    for name in {"check": ("rpc", "events"), "call": ("rpc",), "follow": ("events",)}.get(args.cmd, ()):
        if not getattr(args, name):
            ap.error(f"{args.cmd} needs --{name}")
    ctx = zmq.Context()
    try:
        {"check": cmd_check, "call": cmd_call, "follow": cmd_follow, "selftest": cmd_selftest}[args.cmd](args, ctx)
    except (ValueError, AssertionError) as e:
        sys.exit(f"skiff_bus {args.cmd}: {type(e).__name__}: {e}")
    except KeyboardInterrupt:
        sys.exit(130)
    finally:
        ctx.destroy(linger=0)


if __name__ == "__main__":
    main()
