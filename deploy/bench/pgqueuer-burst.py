"""The burst peer of vanort-bench (docs/benchmarks.md, section 3): pgqueuer (PyPI) drains
SIZE jobs queued at once, batch BATCH, on the same PostgreSQL as vanort's own burst.

Usage: python pgqueuer-burst.py DATABASE_URL SIZE BATCH
Prints one JSON line: {"jobs": SIZE, "seconds": elapsed, "per_second": rate}.
The jobs are queued before the clock starts, as vanort's reminders are due before its
daemon starts claiming them; the handler does nothing, as vanort's log channel does
little. pgqueuer's tables are installed in the database first and dropped afterwards.
"""

import asyncio
import json
import sys
import time

import asyncpg
from pgqueuer import AsyncpgDriver, QueueManager
from pgqueuer.queries import Queries
from pgqueuer.types import QueueExecutionMode


async def main(url: str, size: int, batch: int) -> None:
    connection = await asyncpg.connect(url)
    queries = Queries(AsyncpgDriver(connection))
    try:
        await queries.install()
    except Exception:
        await queries.uninstall()
        await queries.install()
    try:
        for start in range(0, size, 5000):
            count = min(5000, size - start)
            await queries.enqueue(["burst"] * count, [None] * count, [0] * count)
        manager = QueueManager(queries)

        @manager.entrypoint("burst")
        async def burst(job) -> None:
            return None

        began = time.perf_counter()
        await manager.run(batch_size=batch, mode=QueueExecutionMode.drain)
        elapsed = time.perf_counter() - began
        left = await connection.fetchval("SELECT count(*) FROM pgqueuer")
        if left:
            raise SystemExit(f"pgqueuer left {left} jobs")
        print(json.dumps({"jobs": size, "seconds": elapsed, "per_second": size / elapsed}))
    finally:
        await queries.uninstall()
        await connection.close()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3])))
