"""Events benchmark: outbox -> relay -> RabbitMQ -> consumer commit, on PostgreSQL.

Two runs, each with the relay and the consumer in processes of their own (as in the workers):
1. throughput: producers commit events as fast as they can (one event per transaction, as a
   request does); events/s from the first commit until the consumer has committed the last.
2. latency at a steady 200 events/s: from the producer's commit to the consumer's commit, p50/p99.

Targets (issue 2): >= 1,000 events/s sustained; p50 <= 50 ms, p99 <= 250 ms at 200 events/s.
Baseline for comparison: pika's one-at-a-time publisher confirms, measured here in the same run.

    .venv/bin/python bench/events/bench_events.py [--events 20000] [--rate 200] [--seconds 15]
"""
from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing as mp
import statistics
import threading
import time

import pika
from sqlalchemy import Column, Float, Integer, String, Table, func, select

from buildingblocks.db import Database, service_metadata, utcnow
from buildingblocks.messaging import Consumer, OutboxRelay, connection_parameters, declare_exchange
from buildingblocks.testing import create_test_database, delete_broker_objects, drop_test_database, isolated_broker_settings

metadata = service_metadata()
received = Table("bench_received", metadata, Column("id", Integer, primary_key=True),
                 Column("event_id", String(36), nullable=False), Column("lag_ms", Float, nullable=False))


def handle(uow, event) -> None:
    lag = (utcnow() - dt.datetime.fromisoformat(event.data["committed_at"])).total_seconds() * 1000
    uow.session.execute(received.insert().values(event_id=event.id, lag_ms=lag))


def run_relay(settings, stop):
    relay = OutboxRelay(settings, Database(settings.database_url, settings.service))
    threading.Thread(target=lambda: (stop.wait(), relay.stop_event.set()), daemon=True).start()
    relay.run()


def run_consumer(settings, stop):
    consumer = Consumer(settings, Database(settings.database_url, settings.service), {"bench.thing.happened": handle})
    threading.Thread(target=lambda: (stop.wait(), consumer.stop_event.set()), daemon=True).start()
    consumer.run()


def produce(db: Database, count: int, rate: float | None, threads: int) -> None:
    per_thread = count // threads

    def work():
        interval = threads / rate if rate else 0
        next_at = time.perf_counter()
        for _ in range(per_thread):
            with db.unit_of_work() as uow:
                # the commit follows at once: committed_at is the producer's commit to within a ms
                uow.publish("bench.thing.happened", {"committed_at": utcnow().isoformat()})
                uow.commit()
            if interval:
                next_at += interval
                delay = next_at - time.perf_counter()
                if delay > 0:
                    time.sleep(delay)

    pool = [threading.Thread(target=work) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()


def count_received(db: Database) -> int:
    with db.session_factory() as s:
        return s.scalar(select(func.count()).select_from(received))


def one_run(label: str, count: int, rate: float | None, threads: int) -> dict:
    url = create_test_database("bench_events")
    settings = isolated_broker_settings("bench", database_url=url)
    db = Database(url, "bench")
    metadata.create_all(db.engine)
    stop = mp.Event()
    procs = [mp.Process(target=run_relay, args=(settings, stop)), mp.Process(target=run_consumer, args=(settings, stop))]
    for p in procs:
        p.start()
    time.sleep(2)  # the consumer declares its queue and bindings
    try:
        started = time.perf_counter()
        produce(db, count, rate, threads)
        produced = time.perf_counter() - started
        deadline = time.monotonic() + 120
        while count_received(db) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        elapsed = time.perf_counter() - started
        got = count_received(db)
        with db.session_factory() as s:
            lags = sorted(s.scalars(select(received.c.lag_ms)).all())
    finally:
        stop.set()
        for p in procs:
            p.join(timeout=10)
        db.dispose()
        delete_broker_objects(settings, ["bench"])
        drop_test_database(url)
    q = statistics.quantiles(lags, n=100) if len(lags) > 2 else [0] * 99
    return {"label": label, "events": count, "received": got, "produce_s": produced, "elapsed_s": elapsed,
            "events_per_s": got / elapsed, "p50_ms": q[49], "p99_ms": q[98]}


def baseline_single_confirms(n: int = 3000) -> float:
    """pika BlockingChannel with confirm_delivery, to a quorum queue: each publish waits for its own confirm."""
    settings = isolated_broker_settings("bench")
    conn = pika.BlockingConnection(connection_parameters(settings.broker_url))
    ch = conn.channel()
    declare_exchange(ch, settings)
    queue = settings.queue("inbox")  # a durable quorum queue, as the services have
    ch.queue_declare(queue, durable=True, arguments={"x-queue-type": "quorum"})
    ch.queue_bind(queue, settings.exchange, routing_key="bench.x")
    ch.confirm_delivery()
    started = time.perf_counter()
    for _ in range(n):
        ch.basic_publish(settings.exchange, "bench.x", b"{}", pika.BasicProperties(delivery_mode=2))
    rate = n / (time.perf_counter() - started)
    conn.close()
    delete_broker_objects(settings, ["bench"])
    return rate


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=20000)
    parser.add_argument("--rate", type=float, default=200)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()
    mp.set_start_method("spawn")
    base = baseline_single_confirms()
    print(f"baseline: one-at-a-time publisher confirms (publish only): {base:,.0f} events/s")
    tp = one_run("throughput", args.events, None, args.threads)
    print(f"throughput: {tp['received']}/{tp['events']} events committed by the consumer in {tp['elapsed_s']:.2f}s "
          f"= {tp['events_per_s']:,.0f} events/s end to end (producers alone: {tp['events'] / tp['produce_s']:,.0f}/s)"
          f"  target >= 1,000/s")
    n = int(args.rate * args.seconds)
    lat = one_run("latency", n, args.rate, 4)
    print(f"latency at {args.rate:.0f} events/s for {args.seconds:.0f}s: {lat['received']}/{n} received, "
          f"p50 {lat['p50_ms']:.1f} ms, p99 {lat['p99_ms']:.1f} ms  targets p50 <= 50 ms, p99 <= 250 ms")


if __name__ == "__main__":
    main()
