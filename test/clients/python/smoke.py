#!/usr/bin/env python3
"""Smoke test of the policy service from Python, with stubs generated from the repo's proto/.

Proves a non-TypeScript client can use lockstep.policy.v1 as published:
  1. Check of an unknown account answers ALLOW;
  2. ReportDecisions with the report token is accepted, and Check then answers SUSPEND;
  3. SetOverride without a token is refused (UNAUTHENTICATED).

usage: smoke.py --address HOST:PORT --report-token TOKEN
Prints one line per step and exits non-zero on the first failure.
"""
import argparse
import importlib
import os
import sys
import tempfile
import time

import grpc
from grpc_tools import protoc

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
PROTO_DIR = os.path.join(ROOT, "proto")
POLICY_PROTO = "lockstep/policy/v1/policy.proto"


def generate_stubs(out_dir):
    include = os.path.join(os.path.dirname(protoc.__file__), "_proto")
    rc = protoc.main(["grpc_tools.protoc", f"-I{PROTO_DIR}", f"-I{include}", f"--python_out={out_dir}", f"--grpc_python_out={out_dir}", POLICY_PROTO])
    if rc != 0:
        raise SystemExit(f"protoc failed with exit code {rc}")
    sys.path.insert(0, out_dir)
    pb2 = importlib.import_module("lockstep.policy.v1.policy_pb2")
    pb2_grpc = importlib.import_module("lockstep.policy.v1.policy_pb2_grpc")
    return pb2, pb2_grpc


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--address", required=True)
    ap.add_argument("--report-token", required=True)
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="lockstep-py-") as out:
        pb2, pb2_grpc = generate_stubs(out)
        channel = grpc.insecure_channel(args.address)
        grpc.channel_ready_future(channel).result(timeout=30)
        stub = pb2_grpc.PolicyServiceStub(channel)
        suffix = str(int(time.time() * 1000))
        account = f"py-smoke-{suffix}"

        r = stub.Check(pb2.CheckRequest(account_id=account), timeout=5)
        assert r.action == pb2.ALLOW, f"Check(unknown) = {pb2.Action.Name(r.action)}"
        print(f"ok 1 Check unknown account -> {pb2.Action.Name(r.action)} ({r.reason_code})")

        decision = pb2.Decision(
            decision_id=f"py-{suffix}",
            account_id=account,
            action=pb2.SUSPEND,
            score=0.95,
            campaign_id="py-campaign",
            event_ts_ms=int(time.time() * 1000),
            evidence=[
                pb2.Evidence(signal="shared_template", value=12, weight=0.4, detail="12 accounts share a template"),
                pb2.Evidence(signal="card_reuse", value=7, weight=0.3, detail="7 accounts share a card"),
                pb2.Evidence(signal="creation_burst", value=20, weight=0.3, detail="20 accounts in 10 minutes"),
            ],
            summary="python smoke",
            tier="free",
        )
        resp = stub.ReportDecisions(
            pb2.ReportDecisionsRequest(decisions=[decision]),
            metadata=[("authorization", f"Bearer {args.report_token}")],
            timeout=10,
        )
        assert resp.accepted == 1, f"ReportDecisions accepted={resp.accepted}"
        r = stub.Check(pb2.CheckRequest(account_id=account), timeout=5)
        assert r.action == pb2.SUSPEND, f"Check after report = {pb2.Action.Name(r.action)}"
        print(f"ok 2 ReportDecisions with token accepted={resp.accepted}; Check -> {pb2.Action.Name(r.action)}")

        try:
            stub.SetOverride(pb2.SetOverrideRequest(account_id=account, action=pb2.ALLOW, reason="smoke", actor="python"), timeout=5)
        except grpc.RpcError as err:
            assert err.code() == grpc.StatusCode.UNAUTHENTICATED, f"SetOverride without token -> {err.code()}"
            print(f"ok 3 SetOverride without token refused: {err.code().name}")
        else:
            raise AssertionError("SetOverride without a token was accepted")
        channel.close()
    print("3 passed, 0 failed")


if __name__ == "__main__":
    try:
        main()
    except AssertionError as e:
        print(f"not ok: {e}")
        print("0 passed, 1 failed")
        sys.exit(1)
