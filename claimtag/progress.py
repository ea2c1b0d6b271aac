"""A progress line for long runs, on stderr, only when stderr is a terminal."""

from __future__ import annotations

import sys
import time
from typing import IO, Callable

__all__ = ["Progress"]


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


class Progress:
    """Documents and sentences done, rate and time left, redrawn in place.

    Parameters
    ----------
    total_bytes : int
        Size of all inputs (0 when unknown, as for stdin): time left is
        estimated from the bytes done.
    total_docs : int or None
        Number of documents, when known.
    stream : text stream, default=sys.stderr
        Where the line goes. Nothing is drawn unless ``enabled``.
    enabled : bool or None
        Default: draw only when ``stream`` is a terminal.
    clock : callable, default=time.monotonic
        Time source (for tests).

    Examples
    --------
    >>> import io
    >>> out = io.StringIO()
    >>> ticks = iter([0.0, 2.0, 2.0])
    >>> p = Progress(total_bytes=200, total_docs=2, stream=out, enabled=True, clock=lambda: next(ticks))
    >>> p.update(sentences=50, size=100)
    >>> p.close()
    >>> print(out.getvalue().split("\\r")[-1].strip())
    1/2 docs  50 sentences  25 sentences/s  50%  0:02 left
    """

    def __init__(
        self,
        total_bytes: int = 0,
        total_docs: int | None = None,
        *,
        stream: IO[str] | None = None,
        enabled: bool | None = None,
        clock: Callable[[], float] = time.monotonic,
        interval: float = 0.2,
    ):
        self.stream = stream if stream is not None else sys.stderr
        if enabled is None:
            isatty = getattr(self.stream, "isatty", None)
            enabled = bool(isatty and isatty())
        self.enabled = enabled
        self.total_bytes = total_bytes
        self.total_docs = total_docs
        self.clock = clock
        self.interval = interval
        self.started = clock()
        self.last_draw = float("-inf")
        self.docs = 0
        self.sentences = 0
        self.bytes = 0
        self.width = 0

    def update(self, *, sentences: int, size: int, docs: int = 1) -> None:
        """Count one more finished document (or ``docs`` of them)."""
        self.docs += docs
        self.sentences += sentences
        self.bytes += size
        if self.enabled:
            now = self.clock()
            if now - self.last_draw >= self.interval:
                self.last_draw = now
                self._draw(now)

    def line(self, now: float) -> str:
        elapsed = max(now - self.started, 1e-9)
        docs = f"{self.docs}/{self.total_docs} docs" if self.total_docs else f"{self.docs} docs"
        parts = [docs, f"{self.sentences:,} sentences", f"{self.sentences / elapsed:,.0f} sentences/s"]
        if self.total_bytes and self.bytes:
            share = min(1.0, self.bytes / self.total_bytes)
            parts.append(f"{share:.0%}")
            parts.append(f"{_duration(elapsed * (1 - share) / share)} left")
        return "  ".join(parts)

    def _draw(self, now: float) -> None:
        text = self.line(now)
        self.stream.write("\r" + text.ljust(self.width))
        self.stream.flush()
        self.width = len(text)

    def close(self) -> None:
        """Draw the final state and end the line."""
        if self.enabled:
            self._draw(self.clock())
            self.stream.write("\n")
            self.stream.flush()
