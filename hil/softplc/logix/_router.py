"""The CIP Message Router: decodes a request, dispatches it to an object or to the tag services, and builds the
reply. Also Multiple Service Packet (0x0A on class 2) and Unconnected Send (0x52 on class 6). No I/O.

Multiple Service Packet request data: ``UINT n | UINT offset[n] | requests…`` (offsets from the start of ``n``);
the reply data has the same shape with full replies. The outer status is 0x1E when an embedded request failed.

Unconnected Send request data: ``USINT priority | USINT ticks | UINT length | message [pad] | USINT route words |
USINT 0 | route path``. The route must reach this controller (port 1, the configured slot); the reply is the
embedded request's own reply, not a wrapper, as pycomm3 expects.
"""
from __future__ import annotations

import struct
from dataclasses import dataclass

from hil.softplc.logix._objects import Connection, ConnectionManager, ControllerIdentity, WallClock, program_name_reply
from hil.softplc.logix._stepping import VirtualTimeObject
from hil.softplc.logix._symbols import SymbolListing, TemplateService
from hil.softplc.logix._tagservices import TagServices
from hil.wire import VIRTUAL_TIME_CLASS, CipError, CipRequest, CipStatus, error_reply, parse_path, parse_request, reply

__all__ = ["MessageRouter", "RequestContext"]

UNCONNECTED_MAX_REPLY = 504  # what a Logix controller carries in one unconnected (UCMM) reply


@dataclass(frozen=True)
class RequestContext:
    """Who asks: the encapsulation session, and the class-3 connection (``None`` for UCMM requests)."""

    session: int
    connection: Connection | None

    @property
    def max_reply(self) -> int:
        return self.connection.max_reply if self.connection is not None else UNCONNECTED_MAX_REPLY


class MessageRouter:
    """Routes CIP requests to the controller's objects. The caller holds the tag database lock."""

    def __init__(self, *, identity: ControllerIdentity, controller_name: str, tags: TagServices, listing: SymbolListing,
                 templates: TemplateService, clock: WallClock, connections: ConnectionManager, slot: int = 0,
                 virtual_time: VirtualTimeObject | None = None) -> None:
        self.identity = identity
        self.controller_name = controller_name
        self.tags = tags
        self.listing = listing
        self.templates = templates
        self.clock = clock
        self.connections = connections
        self.slot = slot
        self.virtual_time = virtual_time  # only on soft PLCs stepped by a kernel in another process

    def handle(self, message: bytes, context: RequestContext, *, embedded: bool = False) -> bytes:
        """Answer one CIP request; every failure becomes an error reply, never an exception."""
        service = message[0] if message else 0
        try:
            request = parse_request(message)
            status, data = self._dispatch(request, context, embedded)
            return reply(service, data, status)
        except CipError as error:
            return error_reply(service, error)
        except _Passthrough as routed:
            return routed.answer

    def _dispatch(self, request: CipRequest, context: RequestContext, embedded: bool) -> tuple[int, bytes]:
        service, path, data = request.service, request.path, request.data
        if service & 0x80:
            raise CipError(CipStatus.SERVICE_NOT_SUPPORTED, "a reply is not a request")
        if service == 0x55:
            return self.listing.get_instance_attribute_list(path, data, context.max_reply)
        if path and path[0].kind == "class" and path[0].value != 0x6B:
            return self._object(request, context, embedded)
        if service == 0x4C:
            return self.tags.read(path, data, context.max_reply)
        if service == 0x4D:
            return self.tags.write(path, data)
        if service == 0x52:
            return self.tags.read_fragmented(path, data, context.max_reply)
        if service == 0x53:
            return self.tags.write_fragmented(path, data)
        if service == 0x4E:
            return self.tags.read_modify_write(path, data)
        raise CipError(CipStatus.SERVICE_NOT_SUPPORTED, f"service 0x{service:02X} on a tag")

    def _object(self, request: CipRequest, context: RequestContext, embedded: bool) -> tuple[int, bytes]:
        service, data = request.service, request.data
        kinds = [s.kind for s in request.path]
        if kinds != ["class", "instance"]:
            raise CipError(CipStatus.PATH_SEGMENT_ERROR, "object requests address class and instance")
        class_id, instance = int(request.path[0].value), int(request.path[1].value)
        if class_id == 0x6C:
            if service == 0x03:
                return CipStatus.SUCCESS, self.templates.get_attribute_list(instance, data)
            if service == 0x4C:
                return self.templates.read(instance, data, context.max_reply)
            raise CipError(CipStatus.SERVICE_NOT_SUPPORTED, f"service 0x{service:02X} on the template object")
        known = {0x01, 0x02, 0x06, 0x64, 0x8B} | ({VIRTUAL_TIME_CLASS} if self.virtual_time is not None else set())
        if class_id not in known:
            raise CipError(CipStatus.PATH_DESTINATION_UNKNOWN, f"no object class 0x{class_id:02X}")
        if instance != 1:
            raise CipError(CipStatus.PATH_DESTINATION_UNKNOWN, f"class 0x{class_id:02X} has no instance {instance}")
        if class_id == VIRTUAL_TIME_CLASS and self.virtual_time is not None:
            return CipStatus.SUCCESS, self.virtual_time.handle(service, data)
        if class_id == 0x01 and service == 0x01:
            return CipStatus.SUCCESS, self.identity.attributes_all()
        if class_id == 0x64 and service == 0x01:
            return CipStatus.SUCCESS, program_name_reply(self.controller_name)
        if class_id == 0x8B and service == 0x03:
            return CipStatus.SUCCESS, self.clock.get_attribute_list(data)
        if class_id == 0x8B and service == 0x04:
            return CipStatus.SUCCESS, self.clock.set_attribute_list(data)
        if class_id == 0x02 and service == 0x0A and not embedded:
            return self._multiple_service(data, context)
        if class_id == 0x06 and not embedded:
            if service == 0x52 and context.connection is None:
                return self._unconnected_send(data, context)
            if service in (0x54, 0x5B) and context.connection is None:
                return CipStatus.SUCCESS, self.connections.forward_open(data, context.session, large=service == 0x5B)
            if service == 0x4E:
                return CipStatus.SUCCESS, self.connections.forward_close(data, context.session)
        raise CipError(CipStatus.SERVICE_NOT_SUPPORTED, f"service 0x{service:02X} on class 0x{class_id:02X}")

    def _multiple_service(self, data: bytes, context: RequestContext) -> tuple[int, bytes]:
        if len(data) < 2:
            raise CipError(CipStatus.NOT_ENOUGH_DATA, "service count missing")
        (count,) = struct.unpack_from("<H", data)
        table_end = 2 + 2 * count
        if count == 0 or table_end > len(data):
            raise CipError(CipStatus.NOT_ENOUGH_DATA, "offset table shorter than the service count")
        offsets = list(struct.unpack_from(f"<{count}H", data, 2)) + [len(data)]
        if offsets[0] < table_end or any(b <= a for a, b in zip(offsets, offsets[1:])):
            raise CipError(CipStatus.INVALID_PARAMETER, "embedded request offsets are out of order or overlap")
        replies: list[bytes] = []
        size = 4 + table_end
        failed = False
        for start, end in zip(offsets, offsets[1:]):
            answer = self.handle(data[start:end], context, embedded=True)
            if size + len(answer) > context.max_reply:  # never exceed the connection: this one did not fit
                answer = reply(answer[0], b"", CipStatus.REPLY_DATA_TOO_LARGE)
            failed |= answer[2] not in (CipStatus.SUCCESS, CipStatus.PARTIAL_TRANSFER)
            replies.append(answer)
            size += len(answer)
        table, position = [struct.pack("<H", count)], table_end
        for answer in replies:
            table.append(struct.pack("<H", position))
            position += len(answer)
        return (CipStatus.EMBEDDED_SERVICE_ERROR if failed else CipStatus.SUCCESS), b"".join(table) + b"".join(replies)

    def _unconnected_send(self, data: bytes, context: RequestContext) -> tuple[int, bytes]:
        if len(data) < 4:
            raise CipError(CipStatus.NOT_ENOUGH_DATA, "unconnected send header missing")
        (length,) = struct.unpack_from("<H", data, 2)
        route_at = 4 + length + (length & 1)
        if route_at + 2 > len(data):
            raise CipError(CipStatus.NOT_ENOUGH_DATA, "embedded message or route path missing")
        route_words = data[route_at]
        route = parse_path(data[route_at + 2:route_at + 2 + 2 * route_words])
        if len(data) < route_at + 2 + 2 * route_words:
            raise CipError(CipStatus.NOT_ENOUGH_DATA, "route path shorter than its size")
        if [(s.kind, s.value, s.link) for s in route] != [("port", 1, bytes((self.slot,)))]:
            raise CipError(CipStatus.CONNECTION_FAILURE, "route path does not lead to this controller", (0x0312,))
        message = data[4:4 + length]
        if message[:1] == b"\x52":
            raise CipError(CipStatus.SERVICE_NOT_SUPPORTED, "nested unconnected send")
        raise _Passthrough(self.handle(message, context, embedded=False))


class _Passthrough(Exception):
    """Unconnected Send answers with the embedded reply itself; carried out of the dispatch by this."""

    def __init__(self, answer: bytes) -> None:
        super().__init__("passthrough")
        self.answer = answer
