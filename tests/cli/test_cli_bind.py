"""One --bind HOST:PORT for every soft PLC server (issue 14): parsed the same for S7 and EtherNet/IP."""
from __future__ import annotations

import pytest

from hil.cli import _bind
from hil.errors import InputError


@pytest.mark.parametrize(("text", "expected"), [("127.0.0.1:0", ("127.0.0.1", 0)), ("0.0.0.0:102", ("0.0.0.0", 102)),
                                                ("[::1]:44818", ("::1", 44818)), ("localhost:0", ("localhost", 0))])
def test_host_and_port(text: str, expected: tuple[str, int]) -> None:
    assert _bind(text) == expected


@pytest.mark.parametrize("text", ["localhost", ":102", "127.0.0.1:", "127.0.0.1:http", "127.0.0.1:65536"])
def test_malformed_addresses_say_the_form(text: str) -> None:
    with pytest.raises(InputError, match=rf"--bind takes HOST:PORT \(e.g. 127.0.0.1:0 or 0.0.0.0:102\), not '{text}'"):
        _bind(text)
