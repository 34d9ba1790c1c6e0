"""List and replay the events parked in a service's dead queue.

    python -m buildingblocks.deadletters --service fleet list
    python -m buildingblocks.deadletters --service fleet replay [--id EVENT_ID]

Replay sends the parked event back to the service's inbox with its tries reset; the inbox table
still guarantees it changes nothing twice.
"""
from __future__ import annotations

import argparse
import json
import sys

import pika

from .config import Settings
from .messaging import connection_parameters


def _drain(settings: Settings):
    conn = pika.BlockingConnection(connection_parameters(settings.broker_url))
    ch = conn.channel()
    ch.confirm_delivery()
    messages = []
    while True:
        method, props, body = ch.basic_get(settings.queue("dead"), auto_ack=False)
        if method is None:
            break
        messages.append((method, props, body))
    return conn, ch, messages


def _describe(props, body: bytes) -> dict:
    headers = props.headers or {}
    try:
        doc = json.loads(body)
    except ValueError:
        doc = {}
    return {"id": props.message_id or doc.get("id"), "type": props.type or doc.get("type"),
            "reason": headers.get("x-death-reason"), "parked_at": headers.get("x-parked-at"),
            "attempts": headers.get("x-attempt", 0)}


def list_parked(settings: Settings) -> list[dict]:
    """The parked events (id, type, reason, parked_at); they stay parked."""
    conn, ch, messages = _drain(settings)
    try:
        out = [_describe(p, b) for _, p, b in messages]
        for method, _, _ in messages:
            ch.basic_nack(method.delivery_tag, requeue=True)
        return out
    finally:
        conn.close()


def replay_parked(settings: Settings, event_id: str | None = None) -> list[str]:
    """Send parked events (all, or the one with `event_id`) back to the inbox; returns their ids."""
    conn, ch, messages = _drain(settings)
    replayed = []
    try:
        for method, props, body in messages:
            info = _describe(props, body)
            if event_id is None or info["id"] == event_id:
                headers = {k: v for k, v in (props.headers or {}).items() if not k.startswith("x-")}
                headers["x-replayed"] = True
                ch.basic_publish("", settings.queue("inbox"), body, pika.BasicProperties(
                    content_type="application/json", delivery_mode=2, message_id=props.message_id,
                    type=props.type, correlation_id=props.correlation_id, headers=headers))
                ch.basic_ack(method.delivery_tag)
                replayed.append(info["id"])
            else:
                ch.basic_nack(method.delivery_tag, requeue=True)
        return replayed
    finally:
        conn.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m buildingblocks.deadletters", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--service", required=True)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("list")
    replay = sub.add_parser("replay")
    replay.add_argument("--id", dest="event_id")
    args = parser.parse_args(argv)
    settings = Settings.from_env(args.service)
    if args.command == "list":
        for item in list_parked(settings):
            print(json.dumps(item, ensure_ascii=False))
    else:
        ids = replay_parked(settings, args.event_id)
        print(f"replayed {len(ids)} event(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
