# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Load test of the quality gates: concurrent JSON-RPC clients against an Odoo
server with workers, then a check of the database and of the server log.

Run with ``bin/loadtest``: it creates the database, starts PostgreSQL and the
server and calls this script with the server's URL, the database, the Odoo
configuration (for the database checks) and the server log.

Each client is a thread that logs in like the web client does
(``/web/session/authenticate``, then ``/web/dataset/call_kw`` and
``call_button`` with the session cookie), once per role it plays: its own
salesperson, and the project manager and the service responsible it shares
with a partner client. Per round a client

1. creates and confirms a sale order (salesperson): the gate "Sales to Project"
   opens; answers the giver's checklist and submits the hand-over;
2. answers the receiver's checklist and accepts it (project manager);
3. moves the order's project to the stage *Acceptance* (project manager): the
   gate "Installation to Service" opens; answers and submits it;
4. answers and accepts it (service responsible): the warranty starts, the
   addon creates the welcome task, the welcome call and the welcome letter.

In every round the two clients of a pair accept each other's hand-over at the
same moment as well (a barrier releases both requests together), the sales
hand-over in even rounds and the installation hand-over in odd ones: one of
them must win, the other must be told that the hand-over is accepted already
(a UserError, which counts as expected, not as an error).

The load is bounded: SQG_LOAD_CLIENTS clients (default 8) of SQG_LOAD_ROUNDS
rounds each (default 5), stopped after SQG_LOAD_TIMEOUT seconds (default 600).
Then the protocols that the cron worker renders after each acceptance get
SQG_LOAD_PROTOCOL_TIMEOUT seconds (default 300). The orders of all clients go
to SQG_LOAD_ORDER_CUSTOMERS customers in turns (default 1: the sales
hand-overs of one customer are accepted at once). The script prints the number
of calls, the throughput, p50/p95 latency per kind of call and the errors, and
checks the database and the log; it exits non-zero when anything failed.
"""

# A command-line load test: it prints its figures.
# pylint: disable=print-used
import argparse
import base64
import configparser
import json
import os
import re
import sys
import threading
import time
import traceback
import urllib.error
import urllib.request
from collections import defaultdict
from http.cookies import SimpleCookie

import psycopg2

CLIENTS = int(os.environ.get("SQG_LOAD_CLIENTS", "8"))
ROUNDS = int(os.environ.get("SQG_LOAD_ROUNDS", "5"))
LOAD_TIMEOUT = float(os.environ.get("SQG_LOAD_TIMEOUT", "600"))
PROTOCOL_TIMEOUT = float(os.environ.get("SQG_LOAD_PROTOCOL_TIMEOUT", "300"))
# the customers the clients' orders go to, in turns: by default one, so that
# several sales hand-overs of one customer are accepted at the same moment
# (each notification on a hand-over the customer sees prepares the customer's
# portal link; on an internal gate nothing of the customer may be written)
ORDER_CUSTOMERS = max(1, int(os.environ.get("SQG_LOAD_ORDER_CUSTOMERS", "1")))
# one request: longer than the server's limit_time_real (120 s by default)
REQUEST_TIMEOUT = 180
# a pair waits this long for its partner at the duel
BARRIER_TIMEOUT = 120
HANDOVER = "quality.gate.handover"
# what the loser of two simultaneous acceptances is told (UserError)
ACCEPTED_ALREADY = "you cannot accept it"
# Odoo logs every UserError of a request as a WARNING of odoo.http: the
# loser's is expected (one per duel), anything else is not.
EXPECTED_LOG_LINE = re.compile(
    r" WARNING \S+ odoo\.http: .* is \S+: you cannot accept it\.\s*$"
)
LEVEL_RE = re.compile(r"^\d{4}-\d{2}-\d{2} [\d:,]+ \d+ (WARNING|ERROR|CRITICAL) ")
RETRY_RE = re.compile(r" INFO \S+ odoo\.service\.model: .*tries left, try again")
PDF_RE = re.compile(
    r" INFO .* report has been generated for model: quality\.gate\.handover"
)
# a 1x1 PNG, for signature evidence
# straight to the server on this machine, whatever proxy the environment names
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))
PIXEL_PNG = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kg"
    "AAAABJRU5ErkJggg=="
)


class RpcError(Exception):
    """An error answered by the server (or no answer at all)."""

    def __init__(self, kind, name, message):
        super().__init__(f"{kind}: {name}: {message}")
        self.kind = kind
        self.name = name
        self.message = message


class ExpectedError(RpcError):
    """An error the load test provokes on purpose (the loser of a duel)."""


class FlowError(Exception):
    """The server answered, but not what the flow must lead to."""


class Stats:
    """Latency and outcome of every call, shared by all clients."""

    def __init__(self):
        self.lock = threading.Lock()
        self.calls = defaultdict(list)  # kind -> [seconds]
        self.failures = defaultdict(int)  # kind -> unexpected errors
        self.expected = defaultdict(int)  # kind -> expected errors
        self.errors = []  # messages of the unexpected errors

    def record(self, kind, seconds, outcome, message=None):
        with self.lock:
            self.calls[kind].append(seconds)
            if outcome == "expected":
                self.expected[kind] += 1
            elif outcome == "error":
                self.failures[kind] += 1
                self.errors.append(message)

    def error(self, message):
        """An unexpected error outside of a call (a flow that went wrong)."""
        with self.lock:
            self.errors.append(message)


class Session:
    """One logged-in user of the web client, talking JSON-RPC."""

    def __init__(self, url, db, login, password, stats):
        self.url = url
        self.db = db
        self.login_name = login
        self.password = password
        self.stats = stats
        self.session_id = None
        self.uid = None
        self.request_id = 0

    def _post(self, path, params, kind, expect=None):
        self.request_id += 1
        body = json.dumps(
            {
                "jsonrpc": "2.0",
                "method": "call",
                "id": self.request_id,
                "params": params,
            }
        ).encode()
        headers = {"Content-Type": "application/json"}
        if self.session_id:
            headers["Cookie"] = f"session_id={self.session_id}"
        request = urllib.request.Request(
            self.url + path, data=body, headers=headers, method="POST"
        )
        start = time.perf_counter()
        try:
            with OPENER.open(request, timeout=REQUEST_TIMEOUT) as response:
                for header in response.headers.get_all("Set-Cookie") or []:
                    cookie = SimpleCookie(header)
                    if "session_id" in cookie:
                        self.session_id = cookie["session_id"].value
                payload = json.loads(response.read())
        except (urllib.error.URLError, OSError, ValueError) as exc:
            error = RpcError(kind, type(exc).__name__, str(exc))
            self.stats.record(kind, time.perf_counter() - start, "error", str(error))
            raise error from exc
        seconds = time.perf_counter() - start
        if "error" in payload:
            data = payload["error"].get("data") or {}
            name = data.get("name") or payload["error"].get("message", "?")
            message = data.get("message") or payload["error"].get("message", "")
            if expect and expect in message and name == "odoo.exceptions.UserError":
                self.stats.record(kind, seconds, "expected")
                raise ExpectedError(kind, name, message)
            error = RpcError(kind, name, message)
            self.stats.record(kind, seconds, "error", f"{error} [{self.login_name}]")
            raise error
        self.stats.record(kind, seconds, "ok")
        return payload.get("result")

    def login(self):
        result = self._post(
            "/web/session/authenticate",
            {"db": self.db, "login": self.login_name, "password": self.password},
            "login",
        )
        self.uid = result["uid"]
        return self

    def call(self, model, method, *args, expect=None, **kwargs):
        """A method of a model, as the web client calls it (buttons: action_*)."""
        route = "call_button" if method.startswith("action_") else "call_kw"
        return self._post(
            f"/web/dataset/{route}/{model}.{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
            f"{model}.{method}",
            expect=expect,
        )


class Pair:
    """Two clients that accept each other's hand-overs at the same moment."""

    def __init__(self, size):
        self.barrier = threading.Barrier(size)
        self.slots = [None] * size

    def exchange(self, slot, handover_id):
        """Publish our hand-over, wait for the partner's: both, in slot order."""
        self.slots[slot] = handover_id
        self.barrier.wait(BARRIER_TIMEOUT)
        return list(self.slots)


class LoadTest:
    def __init__(self, args):
        self.args = args
        self.stats = Stats()
        self.lock = threading.Lock()
        self.deadline = None
        # what the clients did, for the database checks
        self.confirmed_orders = []
        self.moved_projects = []
        self.accepted = {"sales": set(), "installation": set()}
        self.duels = defaultdict(list)  # hand-over id -> outcomes
        self.wall = 0.0

    # ------------------------------------------------------------------
    # Set-up (as admin, not measured)
    # ------------------------------------------------------------------
    def setup(self):
        admin = Session(self.args.url, self.args.db, "admin", "admin", Stats()).login()
        # the protocol job's wkhtmltopdf fetches the stylesheets from this server
        admin.call("ir.config_parameter", "set_param", "report.url", self.args.url)
        admin.call("ir.config_parameter", "set_param", "web.base.url", self.args.url)
        ref = self._xmlid_resolver(admin)
        self.sales_gate = ref("service_quality_gate.gate_sales_to_project")
        self.install_gate = ref("service_quality_gate.gate_installation_to_service")
        self.acceptance_stage = ref("service_quality_gate.project_stage_acceptance")
        qg_user = ref("service_quality_gate.group_quality_gate_user")
        inbox = ref("mail.group_mail_notification_type_inbox")
        salesman = ref("sales_team.group_sale_salesman")
        project_manager = ref("project.group_project_manager")
        project_stages = ref("project.group_project_stages")
        project_user = ref("project.group_project_user")
        pairs = (CLIENTS + 1) // 2

        def user(login, name, groups):
            return {
                "name": name,
                "login": login,
                "password": login,
                "email": f"{login}@example.com",
                "group_ids": [[6, 0, [*groups, qg_user, inbox]]],
            }

        user_ids = admin.call(
            "res.users",
            "create",
            [
                user(f"lt_sales_{i}", f"Load Sales {i}", [salesman])
                for i in range(CLIENTS)
            ]
            + [
                user(
                    f"lt_project_{k}",
                    f"Load Project {k}",
                    [project_manager, project_stages],
                )
                for k in range(pairs)
            ]
            + [
                user(f"lt_service_{k}", f"Load Service {k}", [project_user])
                for k in range(pairs)
            ],
        )
        self.pm_ids = user_ids[CLIENTS : CLIENTS + pairs]
        self.service_ids = user_ids[CLIENTS + pairs :]
        self.customers = admin.call(
            "res.partner",
            "create",
            [
                {
                    "name": f"Load Customer {i}",
                    "email": f"customer{i}@example.com",
                    "is_company": True,
                }
                for i in range(CLIENTS)
            ],
        )
        self.product = admin.call(
            "product.product",
            "create",
            [{"name": "Grinding machine GX-2", "type": "consu", "list_price": 1000.0}],
        )[0]
        # one installation project per order
        project_ids = admin.call(
            "project.project",
            "create",
            [
                {
                    "name": f"Load {i}/{r}: GX-2 installation",
                    "user_id": self.pm_ids[i // 2],
                    "service_user_id": self.service_ids[i // 2],
                    "partner_id": self.customers[i],
                    "allow_billable": True,
                }
                for i in range(CLIENTS)
                for r in range(ROUNDS)
            ],
        )
        self.projects = [
            project_ids[i * ROUNDS : (i + 1) * ROUNDS] for i in range(CLIENTS)
        ]

    @staticmethod
    def _xmlid_resolver(admin):
        def ref(xmlid):
            module, name = xmlid.split(".")
            rows = admin.call(
                "ir.model.data",
                "search_read",
                [("module", "=", module), ("name", "=", name)],
                fields=["res_id"],
            )
            if not rows:
                raise FlowError(f"{xmlid} not found")
            return rows[0]["res_id"]

        return ref

    # ------------------------------------------------------------------
    # Load
    # ------------------------------------------------------------------
    def run(self):
        pairs = [Pair(min(2, CLIENTS - 2 * k)) for k in range((CLIENTS + 1) // 2)]
        clients = [Client(self, index, pairs[index // 2]) for index in range(CLIENTS)]
        start = time.perf_counter()
        self.deadline = time.monotonic() + LOAD_TIMEOUT
        for client in clients:
            client.start()
        for client in clients:
            client.join(max(0.0, self.deadline - time.monotonic()) + REQUEST_TIMEOUT)
        self.wall = time.perf_counter() - start
        for client in clients:
            if client.is_alive():
                self.stats.error(f"client {client.index} still running at the deadline")
        for handover_id, outcomes in sorted(self.duels.items()):
            if sorted(outcomes) != ["lost", "won"]:
                self.stats.error(
                    f"hand-over {handover_id} accepted twice at once: {outcomes} "
                    "(expected one won and one lost)"
                )

    def record_duel(self, handover_id, outcome):
        with self.lock:
            self.duels[handover_id].append(outcome)

    # ------------------------------------------------------------------
    # Report
    # ------------------------------------------------------------------
    def report(self):
        stats = self.stats
        # the logins (slow on purpose: password hashing) are shown on their own
        every = sorted(
            seconds
            for kind in stats.calls
            if kind != "login"
            for seconds in stats.calls[kind]
        )
        total = len(every)
        print()
        print(
            f"{'call':<44} {'calls':>6} {'errors':>6} {'expect':>6} "
            f"{'p50 ms':>8} {'p95 ms':>8}"
        )
        for kind in sorted(stats.calls):
            timings = sorted(stats.calls[kind])
            print(
                f"{kind:<44} {len(timings):>6} {stats.failures[kind]:>6} "
                f"{stats.expected[kind]:>6} {percentile(timings, 50) * 1000:>8.0f} "
                f"{percentile(timings, 95) * 1000:>8.0f}"
            )
        print(
            f"{'all calls but the logins':<44} {total:>6} "
            f"{sum(stats.failures.values()) - stats.failures['login']:>6} "
            f"{sum(stats.expected.values()):>6} {percentile(every, 50) * 1000:>8.0f} "
            f"{percentile(every, 95) * 1000:>8.0f}"
        )
        print()
        throughput = total / self.wall if self.wall else 0.0
        print(
            f"clients: {CLIENTS}, rounds: {ROUNDS}, wall time: {self.wall:.1f} s, "
            f"calls: {total} (and {len(stats.calls['login'])} logins), "
            f"throughput: {throughput:.1f} calls/s"
        )
        print(
            f"latency: p50 {percentile(every, 50) * 1000:.0f} ms, "
            f"p95 {percentile(every, 95) * 1000:.0f} ms"
        )
        print(
            f"orders confirmed: {len(self.confirmed_orders)}, sales hand-overs "
            f"accepted: {len(self.accepted['sales'])}, projects at acceptance: "
            f"{len(self.moved_projects)}, installation hand-overs accepted: "
            f"{len(self.accepted['installation'])}"
        )
        lost = sum(outcomes.count("lost") for outcomes in self.duels.values())
        print(
            f"simultaneous acceptances: {len(self.duels)}, the second one refused "
            f"as expected: {lost}"
        )
        print(f"unexpected errors: {len(stats.errors)}")
        for message in stats.errors[:10]:
            print(f"  - {message}")
        if len(stats.errors) > 10:
            print(f"  ... and {len(stats.errors) - 10} more")
        return throughput, every


class Client(threading.Thread):
    """One client: its own salesperson, and the project manager and service
    responsible of its pair (each a session of its own)."""

    def __init__(self, test, index, pair):
        super().__init__(name=f"client-{index}", daemon=True)
        self.test = test
        self.index = index
        self.pair = pair
        self.slot = index % 2
        args = test.args

        def session(login):
            return Session(args.url, args.db, login, login, test.stats)

        self.sales = session(f"lt_sales_{index}")
        self.manager = session(f"lt_project_{index // 2}")
        self.service = session(f"lt_service_{index // 2}")

    def run(self):
        try:
            if self.log_in():
                self.run_rounds()
        finally:
            # the partner must not wait for a client that stopped
            self.pair.barrier.abort()

    def log_in(self):
        """Log in each role; False when one fails (counted as its call's error)."""
        try:
            for session in (self.sales, self.manager, self.service):
                session.login()
        except RpcError:
            return False
        return True

    def run_rounds(self):
        for round_no in range(ROUNDS):
            if time.monotonic() > self.test.deadline:
                self.test.stats.error(
                    f"client {self.index}: stopped by the timeout before round "
                    f"{round_no + 1} of {ROUNDS}"
                )
                return
            if not self.run_round(round_no):
                # the partner must not wait for a client whose round broke: no
                # more duels in this pair, the next round starts afresh
                self.pair.barrier.abort()

    def run_round(self, round_no):
        """One round; False when it went wrong (the error is counted)."""
        try:
            self.round(round_no)
        except RpcError:
            return False  # counted where it happened
        except (FlowError, threading.BrokenBarrierError) as exc:
            self.test.stats.error(f"client {self.index}: {exc}")
            return False
        except Exception:  # noqa: BLE001 - reported, the other clients go on
            self.test.stats.error(f"client {self.index}: {traceback.format_exc()}")
            return False
        return True

    def round(self, round_no):
        test = self.test
        project_id = test.projects[self.index][round_no]
        order_id = self.sales.call(
            "sale.order",
            "create",
            [
                {
                    "partner_id": test.customers[self.index % ORDER_CUSTOMERS],
                    "user_id": self.sales.uid,
                    "project_id": project_id,
                    "order_line": [
                        [0, 0, {"product_id": test.product, "product_uom_qty": 1}]
                    ],
                }
            ],
        )[0]
        self.sales.call("sale.order", "action_confirm", [order_id])
        with test.lock:
            test.confirmed_orders.append(order_id)
        handover_id = self.find_handover(
            self.sales, test.sales_gate, "sale.order", order_id
        )
        self.answer(self.sales, handover_id, "giver", round_no, upload=False)
        self.sales.call(HANDOVER, "action_submit", [handover_id])
        self.answer(self.manager, handover_id, "receiver", round_no, upload=False)
        self.accept(self.manager, handover_id, "sales", duel=round_no % 2 == 0)

        self.manager.call(
            "project.project",
            "write",
            [project_id],
            {"stage_id": test.acceptance_stage},
        )
        with test.lock:
            test.moved_projects.append(project_id)
        handover_id = self.find_handover(
            self.manager, test.install_gate, "project.project", project_id
        )
        self.answer(self.manager, handover_id, "giver", round_no, upload=True)
        self.manager.call(HANDOVER, "action_submit", [handover_id])
        self.answer(self.service, handover_id, "receiver", round_no, upload=False)
        self.accept(self.service, handover_id, "installation", duel=round_no % 2 == 1)
        project = self.service.call(
            "project.project",
            "read",
            [project_id],
            ["warranty_start_date", "warranty_state"],
        )[0]
        if not project["warranty_start_date"] or project["warranty_state"] != "active":
            raise FlowError(
                f"project {project_id}: hand-over {handover_id} accepted, but the "
                f"warranty did not start ({project})"
            )

    def find_handover(self, session, gate_id, model, res_id):
        handovers = session.call(
            HANDOVER,
            "search_read",
            [
                ("gate_id", "=", gate_id),
                ("res_model", "=", model),
                ("res_id", "=", res_id),
                ("state", "!=", "cancelled"),
            ],
            fields=["name", "state"],
        )
        if len(handovers) != 1 or handovers[0]["state"] != "open":
            raise FlowError(
                f"{model} {res_id}: expected one open hand-over at gate {gate_id}, "
                f"found {handovers}"
            )
        return handovers[0]["id"]

    def answer(self, session, handover_id, side, round_no, upload):
        """Answer the lines of ``side`` like a diligent user: evidence for every
        blocking item; warning items answered, or in odd rounds passed with an
        override reason; items with an automatic check ticked by hand (the load
        involves no service readiness: the introduction cannot tick itself)."""
        lines = session.call(
            "quality.gate.handover.line",
            "search_read",
            [("handover_id", "=", handover_id), ("side", "=", side)],
            fields=["name", "evidence_type", "enforcement", "auto_check_domain"],
        )
        commands = []
        for line in lines:
            if line["auto_check_domain"] and line["evidence_type"] == "check":
                # the project manager introduced the service responsible
                commands.append([1, line["id"], {"result": "done"}])
                continue
            if line["enforcement"] == "warn" and round_no % 2:
                vals = {"override_reason": "Load test: follows with the next visit."}
            else:
                vals = {"result": "done", "note": f"Load test round {round_no + 1}"}
                vals.update(self.evidence(session, line, upload))
            commands.append([1, line["id"], vals])
        session.call(HANDOVER, "write", [handover_id], {"line_ids": commands})

    def evidence(self, session, line, upload):
        match line["evidence_type"]:
            case "text":
                return {"value_text": f"Evidence for {line['name']}"}
            case "number":
                return {"value_number": 1.0}
            case "date":
                return {"value_date": "2027-03-01"}
            case "signature":
                return {"value_signature": PIXEL_PNG}
            case "attachment":
                content = base64.b64encode(f"{line['name']}\n".encode()).decode()
                if not upload:
                    # a new file sent with the answer
                    return {
                        "attachment_ids": [
                            [0, 0, {"name": "specification.txt", "datas": content}]
                        ]
                    }
                # uploaded to the line first, then linked (like the form's widget)
                attachment_id = session.call(
                    "ir.attachment",
                    "create",
                    [
                        {
                            "name": "acceptance-protocol.txt",
                            "datas": content,
                            "res_model": "quality.gate.handover.line",
                            "res_id": line["id"],
                        }
                    ],
                )[0]
                return {"attachment_ids": [[4, attachment_id]]}
        return {}

    def accept(self, session, handover_id, gate, duel):
        test = self.test
        if not duel or self.pair.barrier.parties < 2 or self.pair.barrier.broken:
            session.call(HANDOVER, "action_accept", [handover_id])
            with test.lock:
                test.accepted[gate].add(handover_id)
            return
        try:
            targets = self.pair.exchange(self.slot, handover_id)
            for target in targets:
                # both clients of the pair send this acceptance together
                self.pair.barrier.wait(BARRIER_TIMEOUT)
                try:
                    session.call(
                        HANDOVER, "action_accept", [target], expect=ACCEPTED_ALREADY
                    )
                except ExpectedError:
                    test.record_duel(target, "lost")
                else:
                    test.record_duel(target, "won")
                    with test.lock:
                        test.accepted[gate].add(target)
        except threading.BrokenBarrierError:
            # the partner stopped: accept our own hand-over alone, if still due
            state = session.call(HANDOVER, "read", [handover_id], ["state"])[0]
            if state["state"] == "submitted":
                session.call(HANDOVER, "action_accept", [handover_id])
                with test.lock:
                    test.accepted[gate].add(handover_id)


def percentile(sorted_values, percent):
    """Nearest-rank percentile of an ascending list (0 when empty)."""
    if not sorted_values:
        return 0.0
    rank = max(1, -(-len(sorted_values) * percent // 100))
    return sorted_values[int(rank) - 1]


# ----------------------------------------------------------------------
# Checks of the database and the log
# ----------------------------------------------------------------------
class Checks:
    def __init__(self, test, connection):
        self.test = test
        self.cr = connection.cursor()
        self.results = []  # (ok, text)

    def check(self, ok, text, details=None):
        self.results.append((ok, text))
        print(f"{'ok  ' if ok else 'FAIL'} {text}")
        if not ok and details:
            for detail in details[:10]:
                print(f"       {detail}")

    def rows(self, query, **params):
        self.cr.execute(query, params)
        return self.cr.fetchall()

    def wait_for_protocols(self):
        """The cron worker keeps the protocols after the acceptances: bounded wait."""
        start = time.monotonic()
        while True:
            ((pending,),) = self.rows(
                "SELECT count(*) FROM quality_gate_handover "
                "WHERE state = 'accepted' AND protocol_attachment_id IS NULL"
            )
            self.cr.connection.commit()  # a fresh snapshot for the next look
            waited = time.monotonic() - start
            if not pending or waited > PROTOCOL_TIMEOUT:
                return pending, waited
            time.sleep(2)

    def run(self):
        test = self.test
        gates = {"sales": test.sales_gate, "install": test.install_gate}
        pending, waited = self.wait_for_protocols()
        print()
        print(f"protocols: waited {waited:.0f} s for the cron worker")
        duplicates = self.rows(
            """
            SELECT gate_id, res_model, res_id, count(*) FROM quality_gate_handover
             WHERE state != 'cancelled' GROUP BY 1, 2, 3 HAVING count(*) > 1
            """
        )
        self.check(
            not duplicates,
            "one hand-over (not cancelled) per gate and document",
            [f"gate {g}, {m} {r}: {n} hand-overs" for g, m, r, n in duplicates],
        )
        orders = self.rows(
            """
            SELECT so.id, so.state, count(h.id), array_agg(h.state)
              FROM sale_order so
              LEFT JOIN quality_gate_handover h
                ON h.gate_id = %(sales)s AND h.res_model = 'sale.order'
               AND h.res_id = so.id AND h.state != 'cancelled'
             GROUP BY so.id, so.state
            """,
            **gates,
        )
        by_order = {row[0]: row for row in orders}
        bad = [row for row in orders if row[1] == "sale" and row[2] != 1]
        bad += [
            (order_id, "not confirmed in the database")
            for order_id in test.confirmed_orders
            if by_order.get(order_id, (None, None))[1] != "sale"
        ]
        confirmed = sum(1 for row in orders if row[1] == "sale")
        self.check(
            not bad,
            f"every confirmed order has its sales hand-over ({confirmed} orders, "
            f"{len(test.confirmed_orders)} confirmed by the clients)",
            bad,
        )
        projects = self.rows(
            """
            SELECT p.id, p.stage_id = %(stage)s, count(h.id), p.warranty_start_date
              FROM project_project p
              LEFT JOIN quality_gate_handover h
                ON h.gate_id = %(install)s AND h.res_model = 'project.project'
               AND h.res_id = p.id AND h.state != 'cancelled'
             GROUP BY p.id
            """,
            stage=test.acceptance_stage,
            **gates,
        )
        by_project = {row[0]: row for row in projects}
        bad = [row for row in projects if row[1] and row[2] != 1]
        bad += [
            (project_id, "not at the stage Acceptance")
            for project_id in test.moved_projects
            if not by_project.get(project_id, (None, False))[1]
        ]
        at_acceptance = sum(1 for row in projects if row[1])
        self.check(
            not bad,
            f"every project at acceptance has one installation hand-over "
            f"({at_acceptance} projects)",
            bad,
        )
        self.check_not_lost()
        self.check_welcome()
        self.check_protocols(pending)

    def check_not_lost(self):
        """What the clients saw accepted is accepted in the database."""
        test = self.test
        accepted = test.accepted["sales"] | test.accepted["installation"]
        states = dict(
            self.rows(
                "SELECT id, state FROM quality_gate_handover WHERE id = ANY(%(ids)s)",
                ids=sorted(accepted),
            )
        )
        lost = [
            f"hand-over {handover_id}: {states.get(handover_id, 'missing')}"
            for handover_id in sorted(accepted)
            if states.get(handover_id) != "accepted"
        ]
        self.check(
            not lost,
            f"no hand-over lost: all {len(accepted)} accepted by the clients are "
            "accepted in the database",
            lost,
        )

    def check_welcome(self):
        test = self.test
        ((activity_type,),) = self.rows(
            "SELECT res_id FROM ir_model_data WHERE module = 'service_quality_gate' "
            "AND name = 'mail_activity_type_welcome_call'"
        )
        rows = self.rows(
            """
            SELECT h.res_id,
                   (SELECT warranty_start_date FROM project_project
                     WHERE id = h.res_id),
                   (SELECT count(*) FROM project_task t
                     WHERE t.welcome_project_id = h.res_id),
                   (SELECT count(*) FROM mail_activity a
                      JOIN project_task t
                        ON a.res_model = 'project.task' AND a.res_id = t.id
                     WHERE t.welcome_project_id = h.res_id
                       AND a.activity_type_id = %(activity_type)s),
                   (SELECT count(*) FROM mail_message m
                     WHERE m.model = 'project.project' AND m.res_id = h.res_id
                       AND m.subject LIKE 'Welcome to our service%%')
              FROM quality_gate_handover h
             WHERE h.gate_id = %(install)s AND h.state = 'accepted'
            """,
            activity_type=activity_type,
            install=test.install_gate,
        )
        bad = [
            f"project {project}: warranty from {start}, {tasks} welcome task(s), "
            f"{calls} welcome call(s), {letters} letter(s)"
            for project, start, tasks, calls, letters in rows
            if not start or (tasks, calls, letters) != (1, 1, 1)
        ]
        self.check(
            not bad,
            f"one welcome task, Welcome Call and letter per accepted installation "
            f"({len(rows)} projects under warranty)",
            bad,
        )
        strays = self.rows(
            """
            SELECT t.id, t.welcome_project_id FROM project_task t
             WHERE t.welcome_project_id IS NOT NULL
               AND NOT EXISTS (
                   SELECT 1 FROM quality_gate_handover h
                    WHERE h.gate_id = %(install)s AND h.state = 'accepted'
                      AND h.res_model = 'project.project'
                      AND h.res_id = t.welcome_project_id)
            """,
            install=test.install_gate,
        )
        self.check(
            not strays,
            "no welcome task without an accepted installation hand-over",
            [f"task {task} welcomes project {project}" for task, project in strays],
        )

    def check_protocols(self, pending):
        rows = self.rows(
            """
            SELECT h.id, h.name, a.id IS NOT NULL, h.protocol_sha256 IS NOT NULL,
                   a.res_model = 'quality.gate.handover' AND a.res_id = h.id,
                   (SELECT count(*) FROM mail_message m
                     WHERE m.model = 'quality.gate.handover' AND m.res_id = h.id
                       AND m.body LIKE '%%kept, SHA-256%%')
              FROM quality_gate_handover h
              LEFT JOIN ir_attachment a ON a.id = h.protocol_attachment_id
             WHERE h.state = 'accepted' AND h.protocol_attachment_id IS NOT NULL
            """
        )
        accepted = len(rows) + pending
        print(f"protocols kept: {len(rows)} of {accepted} accepted hand-overs")
        self.check(
            not pending,
            f"the cron worker kept every protocol within {PROTOCOL_TIMEOUT:.0f} s "
            f"({len(rows)} of {accepted})",
            [f"{pending} protocol(s) still pending"],
        )
        bad = [
            f"{name}: file {has_file}, SHA-256 {has_sha}, on the hand-over "
            f"{in_place}, {kept} 'kept' message(s)"
            for _id, name, has_file, has_sha, in_place, kept in rows
            if not (has_file and has_sha and in_place and kept == 1)
        ]
        self.check(
            not bad, "each kept protocol is a file of its hand-over, kept once", bad
        )

    def check_log(self, path, expected_refusals):
        """No WARNING, ERROR or CRITICAL in the server log, but the refusals
        of the second acceptances (Odoo logs each UserError as a WARNING)."""
        bad, refusals, retries, renderings, in_traceback = [], 0, 0, 0, False
        with open(path, encoding="utf-8", errors="replace") as log:
            for line in log:
                line = line.rstrip("\n")
                if RETRY_RE.search(line):
                    retries += 1
                if PDF_RE.search(line):
                    renderings += 1
                if line.startswith("Traceback "):
                    in_traceback = True
                    continue
                if in_traceback and not line.startswith(" "):
                    # printed outside the logging (e.g. a process that died):
                    # its last line names the exception
                    in_traceback = False
                    if not LEVEL_RE.match(line):
                        bad.append(f"traceback outside the log: {line}")
                        continue
                if not LEVEL_RE.match(line):
                    continue
                if EXPECTED_LOG_LINE.search(line):
                    refusals += 1
                else:
                    bad.append(line)
        print(
            f"server log: {refusals} refused second acceptance(s) logged, "
            f"{retries} transaction(s) retried after a concurrency error, "
            f"{renderings} protocol PDF(s) rendered"
        )
        self.check(
            not bad,
            f"no WARNING/ERROR/CRITICAL line in the server log ({len(bad)} found)",
            bad,
        )
        self.check(
            refusals == expected_refusals,
            f"the log shows each refused second acceptance ({refusals} logged, "
            f"{expected_refusals} seen by the clients)",
        )


def db_connection(config_path, db):
    parser = configparser.ConfigParser()
    parser.read(config_path)
    options = parser["options"]
    return psycopg2.connect(
        host=options.get("db_host") or None,
        port=options.get("db_port") or None,
        user=options.get("db_user") or None,
        password=options.get("db_password") or None,
        dbname=db,
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True, help="e.g. http://127.0.0.1:8069")
    parser.add_argument("--db", required=True)
    parser.add_argument("--config", required=True, help="the Odoo configuration")
    parser.add_argument("--log", required=True, help="the server's log file")
    args = parser.parse_args()
    if not args.url.startswith(("http://127.0.0.1:", "http://localhost:")):
        parser.error("the load test only talks to a server on this machine")

    test = LoadTest(args)
    print(f"setting up {CLIENTS} clients x {ROUNDS} rounds on {args.url} ({args.db})")
    test.setup()
    print(f"running the load (at most {LOAD_TIMEOUT:.0f} s)")
    sys.stdout.flush()
    test.run()
    throughput, every = test.report()
    connection = db_connection(args.config, args.db)
    try:
        checks = Checks(test, connection)
        checks.run()
        lost = sum(outcomes.count("lost") for outcomes in test.duels.values())
        checks.check_log(args.log, lost)
    finally:
        connection.close()
    failed = [text for ok, text in checks.results if not ok]
    errors = len(test.stats.errors)
    print()
    print(
        f"loadtest: {'FAILED' if failed or errors else 'PASSED'}: "
        f"{len(every)} calls, {throughput:.1f} calls/s, "
        f"p50 {percentile(every, 50) * 1000:.0f} ms, "
        f"p95 {percentile(every, 95) * 1000:.0f} ms, "
        f"{errors} unexpected error(s), "
        f"{len(checks.results) - len(failed)} of {len(checks.results)} checks passed"
    )
    return 1 if failed or errors else 0


if __name__ == "__main__":
    sys.exit(main())
