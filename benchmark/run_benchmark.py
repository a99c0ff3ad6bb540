# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Benchmark of the analysis, the interface map, the escalation cron, the
addon's tax on everyday writes and the confirmation of sale orders with and
without the addon (also through Odoo's HTTP server), beside OCA's peers.

Run with ``bin/benchmark`` (it starts PostgreSQL and Odoo's shell); the script
reads ``env`` from ``odoo shell``. It fills the database once with
SQG_BENCH_HANDOVERS hand-overs (default 100,000) of 10 checklist lines each,
then prints the server time of each measured call (best of 5 runs). The
confirmation of orders runs in two small databases of its own, with the addon
and with the same modules without it (SQG_BENCH_WITH_DB, SQG_BENCH_WITHOUT_DB,
created by bin/benchmark). So do the tax on everyday writes (step ``tax``) and
the confirmation through XML-RPC against a started server (step ``http``,
SQG_BENCH_URL). Where bin/benchmark could install OCA's peers, the
confirmation also runs in a database with plain ``sale_management``
(SQG_BENCH_SALE_DB) and in one each with ``sale_tier_validation``
(SQG_BENCH_TIER_DB, also with its review step) and ``sale_exception``
(SQG_BENCH_EXCEPTION_DB), and prints their ratios to the plain one.
"""

# A command-line benchmark: it prints its figures and commits its data.
# pylint: disable=print-used,invalid-commit
import gc
import importlib
import os
import statistics
import time
import xmlrpc.client
from contextlib import ExitStack
from datetime import timedelta

import psycopg2

from odoo import SUPERUSER_ID, api, fields, sql_db
from odoo.fields import Command
from odoo.modules.registry import Registry
from odoo.tools import SQL, split_every

# run by odoo shell from its standard input, outside the addon's package: no
# relative import, the addon's module is looked up by its name
ESCALATION_BATCH = importlib.import_module(
    "odoo.addons.service_quality_gate.models.quality_gate_escalation_mixin"
).ESCALATION_BATCH

HANDOVERS = int(os.environ.get("SQG_BENCH_HANDOVERS", "100000"))
LINES_PER_HANDOVER = 10
# best of many runs for the small batches: they are short, and noise only adds
RUNS = os.environ.get("SQG_BENCH_RUNS")
ORDER_BATCHES = [
    int(size) for size in os.environ.get("SQG_BENCH_ORDERS", "1,50,500").split(",")
]
# the tax on everyday writes: median of this many runs
TAX_RUNS = int(os.environ.get("SQG_BENCH_TAX_RUNS", "25"))
# the databases of OCA's peers that bin/benchmark could create: label -> name
PEERS = {
    label: os.environ[var]
    for label, var in (
        ("tier", "SQG_BENCH_TIER_DB"),
        ("exception", "SQG_BENCH_EXCEPTION_DB"),
    )
    if os.environ.get(var) and os.environ.get("SQG_BENCH_SALE_DB")
}
# what makes an order go through tier validation's review step
REVIEW_REF = "benchmark review"
env = env  # noqa: F821  (given by odoo shell)
cr = env.cr


def best_of(func, runs=5):
    timings = []
    for _run in range(runs):
        env.invalidate_all()
        start = time.perf_counter()
        func()
        timings.append(time.perf_counter() - start)
    return min(timings) * 1000


def fill():
    count = env["quality.gate.handover"].search_count([])
    if count >= HANDOVERS:
        print(f"data: {count} hand-overs already there")
        return
    gates = env["quality.gate"].search([])
    start = time.perf_counter()
    cr.execute(
        SQL(
            """
            INSERT INTO quality_gate_handover (
                name, gate_id, from_area_id, to_area_id, criticality, state,
                res_model, res_id, company_id, partner_id, giver_user_id,
                receiver_user_id, date_open, date_deadline, date_submitted,
                date_accepted, return_count, escalation_level, completion_rate,
                block_override, create_uid, create_date, write_uid, write_date
            )
            SELECT 'BENCH/' || n, gate.id, gate.from_area_id, gate.to_area_id,
                   gate.criticality,
                   CASE WHEN n %% 10 < 7 THEN 'accepted' WHEN n %% 10 = 7 THEN 'open'
                        WHEN n %% 10 = 8 THEN 'submitted' ELSE 'cancelled' END,
                   'sale.order', 1000000 + n, %(company)s, %(partner)s, %(uid)s,
                   %(uid)s,
                   now() - make_interval(days => n %% 365),
                   (now() - make_interval(days => n %% 365))::date + 7,
                   now() - make_interval(days => n %% 365) + make_interval(days => 3),
                   CASE WHEN n %% 10 < 7 THEN now() - make_interval(days => n %% 365)
                        + make_interval(days => n %% 12) END,
                   CASE WHEN n %% 7 = 0 THEN 1 ELSE 0 END, '0', 90.0, false,
                   %(uid)s, now(), %(uid)s, now()
              FROM generate_series(1, %(count)s) AS n
              JOIN (SELECT row_number() OVER (ORDER BY id) - 1 AS idx, *
                      FROM quality_gate) AS gate ON gate.idx = n %% %(gates)s
            """,
            company=env.company.id,
            partner=env.user.partner_id.id,
            uid=env.uid,
            count=HANDOVERS,
            gates=len(gates),
        )
    )
    # the stored analysis fields, computed in SQL as the ORM would
    cr.execute(
        """
        UPDATE quality_gate_handover
           SET lead_time_days = EXTRACT(EPOCH FROM date_accepted - date_open) / 86400,
               is_on_time = date_accepted::date <= date_deadline,
               on_time_rate = CASE WHEN date_accepted::date <= date_deadline
                                   THEN 100 ELSE 0 END,
               first_pass_rate = CASE WHEN return_count = 0 THEN 100 ELSE 0 END,
               return_rate = CASE WHEN return_count > 0 THEN 100 ELSE 0 END
         WHERE name LIKE 'BENCH/%%' AND state = 'accepted'
        """
    )
    for gate in gates:
        items = gate.item_ids
        values = SQL(", ").join(
            SQL(
                "(%s, %s, %s, %s, %s)",
                idx,
                item.id,
                item.side,
                item.enforcement,
                item.evidence_type,
            )
            for idx, item in enumerate(items)
        )
        cr.execute(
            SQL(
                """
                INSERT INTO quality_gate_handover_line (
                    handover_id, company_id, gate_id, item_id, sequence, name, side,
                    evidence_type, enforcement, result, override_reason, is_failed,
                    is_overridden, is_problem, is_commitment, create_uid,
                    create_date, write_uid, write_date
                )
                SELECT handover.id, handover.company_id, handover.gate_id, item.id,
                       g, template.name, item.side, item.evidence, item.enforcement,
                       CASE WHEN (handover.id + g) %% 20 = 0 THEN 'failed'
                            WHEN (handover.id + g) %% 20 = 1 THEN 'todo'
                            ELSE 'done' END,
                       CASE WHEN (handover.id + g) %% 20 = 1 THEN 'benchmark' END,
                       (handover.id + g) %% 20 = 0, (handover.id + g) %% 20 = 1,
                       (handover.id + g) %% 20 IN (0, 1), false,
                       %(uid)s, now(), %(uid)s, now()
                  FROM quality_gate_handover handover
            CROSS JOIN generate_series(0, %(per)s - 1) AS g
                  JOIN (VALUES %(values)s) AS item(idx, id, side, enforcement, evidence)
                    ON item.idx = g %% %(items)s
                  JOIN quality_gate_item template ON template.id = item.id
                 WHERE handover.gate_id = %(gate)s AND handover.name LIKE 'BENCH/%%'
                """,
                uid=env.uid,
                per=LINES_PER_HANDOVER,
                values=values,
                items=len(items),
                gate=gate.id,
            )
        )
    cr.execute("ANALYZE quality_gate_handover")
    cr.execute("ANALYZE quality_gate_handover_line")
    cr.commit()
    lines = env["quality.gate.handover.line"].search_count([])
    print(
        f"data: {HANDOVERS} hand-overs, {lines} lines written in "
        f"{time.perf_counter() - start:.1f} s"
    )


def measure_analysis():
    Handover = env["quality.gate.handover"]
    Line = env["quality.gate.handover.line"]
    accepted = [("state", "=", "accepted")]
    measures = [
        "lead_time_days:avg", "on_time_rate:avg", "first_pass_rate:avg",
        "return_rate:avg", "__count",
    ]  # fmt: skip
    results = {
        "KPIs by gate and month (pivot)": lambda: Handover._read_group(
            accepted, ["gate_id", "date_open:month"], measures
        ),
        "KPIs by from-area and to-area": lambda: Handover._read_group(
            accepted, ["from_area_id", "to_area_id"], measures
        ),
        "overdue hand-overs by gate": lambda: Handover._read_group(
            [("is_overdue", "=", True)], ["gate_id"], ["__count"]
        ),
        "checklist Pareto by gate and item": lambda: Line._read_group(
            [("is_problem", "=", True)], ["gate_id", "item_id"], ["__count"]
        ),
        "interface map (all gates)": lambda: (
            env["quality.gate"].search([]).mapped("health")
        ),
    }
    print("\nquery                                    best of 5 (ms)")
    for label, func in results.items():
        print(f"{label:<40} {best_of(func):>10.1f}")


def measure_cron():
    Handover = env["quality.gate.handover"]
    pending = Handover.search_count([("state", "in", ("open", "submitted"))])
    cr.execute("SAVEPOINT bench_cron")

    def escalate():
        # the cron's batches, without its commits (rolled back below)
        candidates = Handover._escalation_candidates()
        return sum(
            batch._escalate()
            for batch in split_every(ESCALATION_BATCH, candidates.ids, Handover.browse)
        )

    start = time.perf_counter()
    created = escalate()
    first = time.perf_counter() - start
    start = time.perf_counter()
    again = escalate()
    second = time.perf_counter() - start
    cr.execute("ROLLBACK TO SAVEPOINT bench_cron")
    env.invalidate_all()
    print(
        f"\nescalation cron: {pending} pending hand-overs, first run {first:.2f} s "
        f"({created} activities, {1000 * first / max(pending, 1):.2f} ms per pending "
        f"hand-over), second run {second:.2f} s ({again} activities)"
    )


def bench_db_names():
    """The small databases, label -> name: without and with the addon, and
    plain sale_management and OCA's peers where bin/benchmark created them."""
    names = {
        "without": os.environ["SQG_BENCH_WITHOUT_DB"],
        "with": os.environ["SQG_BENCH_WITH_DB"],
    }
    if PEERS:
        names["sale"] = os.environ["SQG_BENCH_SALE_DB"]
        names.update(PEERS)
    return names


def bench_envs(stack):
    """Superuser environments of the small databases, label -> env (see
    bench_db_names; their cursors closed by ``stack``)."""
    envs = {}
    for label, name in bench_db_names().items():
        bench_cr = stack.enter_context(Registry(name).cursor())
        envs[label] = api.Environment(bench_cr, SUPERUSER_ID, {})
    with_env = envs["with"]
    if "base.automation" in with_env:
        # the standard gates open (where rules still open them)
        with_env["base.automation"].with_context(active_test=False).search(
            [("action_server_ids.state", "=", "quality_gate")]
        ).active = True
        with_env.cr.commit()
    return envs


def measure_confirmation():
    """Confirm 1, 50 and 500 orders in a database with the addon (and its
    standard gates) and in one with the same modules without it, runs of both
    in turns; call plus commit, hand-overs opened inside the call. Then OCA's
    peers against plain sale_management, the same way."""
    with ExitStack() as stack:
        envs = bench_envs(stack)
        confirm = {
            True: confirmer(envs["with"]),
            False: confirmer(envs["without"]),
        }
        for with_addon in (False, True):
            confirm[with_addon](1)  # warm both registries' caches
        print(
            "\nconfirming sale orders with and without the addon, in turns (1 "
            "order: 101 runs, 50: 21, more: 9): best times, median of the paired "
            "ratios; the hand-overs open inside the call"
        )
        print(
            f"{'orders':>6} {'addon':<8} {'call (s)':>9} {'queries':>8} "
            f"{'end to end (s)':>15} {'hand-overs':>10}"
        )
        for size in ORDER_BATCHES:
            settle(os.environ["SQG_BENCH_WITH_DB"], os.environ["SQG_BENCH_WITHOUT_DB"])
            runs = {True: [], False: []}
            for run in range(runs_for(size)):
                # in turns, and each one first in every other pair: the run
                # right after the other database's commit (its background
                # writes) is neither always the one with nor without the addon
                for with_addon in (False, True) if run % 2 else (True, False):
                    runs[with_addon].append(confirm[with_addon](size))
            # best of the runs, each measure on its own (noise only adds)
            plain, gated = (
                tuple(min(values) for values in zip(*runs[key], strict=True))
                for key in (False, True)
            )
            for label, (call, total, queries, opened) in (
                ("without", plain),
                ("with", gated),
            ):
                print(
                    f"{size:>6} {label:<8} {call:>9.4f} {queries:>8} {total:>15.4f} "
                    f"{opened:>10}"
                )
            # each run with the addon against the run without it just before:
            # the median of these ratios (the machine's slow phases hit both)
            pairs = list(zip(runs[False], runs[True], strict=True))
            print(
                f"{size:>6} {'ratio':<8} {paired_ratio(pairs, 0):>8.2f}x "
                f"{gated[2] - plain[2]:>+8} {paired_ratio(pairs, 1):>14.2f}x"
            )
        if PEERS:
            measure_peers(envs)
        else:
            print("\n(OCA's peers not measured: bin/benchmark could not install them)")


def measure_peers(envs):
    """OCA's peers against plain sale_management: confirmation end to end,
    runs of all in turns, median of the paired ratios (tier validation also
    with its review step: request, validate, confirm)."""
    confirm = {"sale": confirmer(envs["sale"])}
    if "tier" in envs:
        confirm["tier"] = confirmer(envs["tier"])
        confirm["tier review"] = confirmer(envs["tier"], review=True)
    if "exception" in envs:
        confirm["exception"] = confirmer(envs["exception"])
    for func in confirm.values():
        func(1)  # warm the caches
    labels = list(confirm)
    print(
        "\nOCA's peers: confirming sale orders end to end (call and commit) "
        "against plain sale_management, in turns; median of the paired ratios"
    )
    print(
        f"{'orders':>6} {'sale (s)':>9} {'queries':>8} "
        + " ".join(f"{label:>12}" for label in labels[1:])
    )
    for size in ORDER_BATCHES:
        settle(*{os.environ["SQG_BENCH_SALE_DB"], *PEERS.values()})
        runs = {label: [] for label in labels}
        for run in range(runs_for(size)):
            shift = run % len(labels)
            for label in labels[shift:] + labels[:shift]:
                runs[label].append(confirm[label](size))
        sale = tuple(min(values) for values in zip(*runs["sale"], strict=True))
        ratios = []
        for label in labels[1:]:
            pairs = list(zip(runs["sale"], runs[label], strict=True))
            queries = min(run[2] for run in runs[label]) - sale[2]
            ratios.append(f"{paired_ratio(pairs, 1):.2f}x ({queries:+})")
        print(
            f"{size:>6} {sale[1]:>9.4f} {sale[2]:>8} "
            + " ".join(f"{ratio:>12}" for ratio in ratios)
        )


def settle(*dbnames):
    """VACUUM ANALYZE both databases and write a checkpoint before a block of
    runs (as pgbench does): otherwise autovacuum and checkpoints start in the
    middle of a block, in one database more than in the other (each run adds
    orders, messages and, with the addon, hand-overs)."""
    for dbname in dbnames:
        _dsn, info = sql_db.connection_info_for(dbname)
        connection = psycopg2.connect(**info)
        try:
            connection.autocommit = True
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
                try:
                    cursor.execute("CHECKPOINT")
                except psycopg2.errors.InsufficientPrivilege:
                    # a server the benchmark does not own: vacuum only
                    print(f"(no checkpoint in {dbname}: not allowed)")
        finally:
            connection.close()


def paired_ratio(pairs, index):
    return statistics.median(gated[index] / plain[index] for plain, gated in pairs)


def runs_for(size):
    return int(RUNS) if RUNS else {1: 101, 50: 21}.get(size, 9)


def confirmer(bench_env, review=False):
    """A function that confirms ``size`` new orders in ``bench_env``'s
    database and returns (call, call plus commit, queries of both, hand-overs
    opened in the call). With ``review``, the orders go through OCA tier
    validation's review step first (request and validate, in the call)."""
    bench_cr = bench_env.cr
    partner = bench_env["res.partner"].create({"name": "Benchmark customer"})
    product = bench_env["product.product"].create(
        {"name": "Benchmark machine", "type": "consu"}
    )
    values = {"partner_id": partner.id}
    if "project_id" in bench_env["sale.order"]._fields:
        values["project_id"] = (
            bench_env["project.project"]
            .create(
                {
                    "name": "Benchmark project",
                    "user_id": bench_env.uid,
                    "allow_billable": True,
                }
            )
            .id
        )
    if review:
        values["client_order_ref"] = REVIEW_REF
        review_definition(bench_env)
    bench_cr.commit()
    has_gates = "quality.gate.handover" in bench_env

    def confirm(size):
        orders = bench_env["sale.order"].create(
            [
                {**values, "order_line": [Command.create({"product_id": product.id})]}
                for _i in range(size)
            ]
        )
        bench_cr.commit()
        bench_env.invalidate_all()
        gc.collect()
        gc.disable()  # as timeit: no collection pause in one run but not the other
        queries = bench_cr.sql_log_count
        start = time.perf_counter()
        if review:
            orders.request_validation()
            reviewer = reviewer_of(bench_env)
            for order in orders:  # one order at a time, as its reviewer does
                order.with_user(reviewer).validate_tier()
            # the reviewer's environment changed the reviews: read them anew
            bench_env.invalidate_all()
        orders.action_confirm()
        call = time.perf_counter() - start
        bench_cr.commit()
        total = time.perf_counter() - start
        gc.enable()
        queries = bench_cr.sql_log_count - queries
        opened = (
            bench_env["quality.gate.handover"].search_count(
                [("sale_order_id", "in", orders.ids)]
            )
            if has_gates
            else 0
        )
        return call, total, queries, opened

    return confirm


def reviewer_of(bench_env):
    """The administrator reviews the orders marked for review (tier
    validation skips an archived reviewer such as the superuser)."""
    return bench_env.ref("base.user_admin")


def review_definition(bench_env):
    """The tier validation of the orders marked for review."""
    Definition = bench_env["tier.definition"]
    domain = repr([("client_order_ref", "=", REVIEW_REF)])
    Definition.search([("definition_domain", "=", domain)]).unlink()
    Definition.create(
        {
            "name": "Benchmark review",
            "model_id": bench_env["ir.model"]._get_id("sale.order"),
            "review_type": "individual",
            "reviewer_id": reviewer_of(bench_env).id,
            "definition_domain": domain,
        }
    )


# ----------------------------------------------------------------------
# The tax on everyday writes
# ----------------------------------------------------------------------
def tax_cases(bench_env):
    """The everyday writes that open nothing, label -> function, on records
    committed once in ``bench_env``'s database (each run is rolled back)."""
    partner = bench_env["res.partner"].create({"name": "Tax customer"})
    product = bench_env["product.product"].create(
        {"name": "Tax machine", "type": "consu"}
    )
    lines = [
        Command.create({"product_id": product.id, "product_uom_qty": qty})
        for qty in (1, 2, 3)
    ]
    order = bench_env["sale.order"].create(
        {"partner_id": partner.id, "order_line": lines}
    )
    project = bench_env["project.project"].create(
        {"name": "Tax project", "partner_id": partner.id}
    )
    tasks = bench_env["project.task"].create(
        [{"name": f"Tax task {n}", "project_id": project.id} for n in (1, 2)]
    )
    lead = bench_env["crm.lead"].create(
        {"name": "Tax lead", "partner_id": partner.id, "type": "opportunity"}
    )
    bench_env.cr.commit()
    deadline = fields.Datetime.now() + timedelta(days=7)

    def rename_and_move():
        tasks[0].write({"name": "Tax task renamed"})
        tasks[1].write({"date_deadline": deadline})

    return {
        "write the note of a draft order": lambda: order.write(
            {"note": "<p>Deliver to gate 2.</p>"}
        ),
        "change a line's quantity": lambda: order.order_line[0].write(
            {"product_uom_qty": 5}
        ),
        "create a draft order with 3 lines": lambda: bench_env["sale.order"].create(
            {"partner_id": partner.id, "order_line": lines}
        ),
        "rename a task, move another's deadline": rename_and_move,
        "write a project": lambda: project.write({"name": "Tax project renamed"}),
        "create a task": lambda: bench_env["project.task"].create(
            {"name": "Tax task 3", "project_id": project.id}
        ),
        "create a ticket": lambda: bench_env["helpdesk.ticket"].create(
            {
                "name": "Tax ticket",
                "description": "<p>The spindle vibrates.</p>",
                "partner_id": partner.id,
            }
        ),
        "create a lead": lambda: bench_env["crm.lead"].create(
            {"name": "Tax lead 2", "partner_id": partner.id}
        ),
        "write a lead": lambda: lead.write({"expected_revenue": 12000}),
    }


def tax_run(bench_env, func):
    """One run from a cold cache, flushed like a commit (precommit hooks
    included), then rolled back: (seconds, queries)."""
    bench_cr = bench_env.cr
    bench_env.invalidate_all()
    gc.collect()
    gc.disable()
    queries = bench_cr.sql_log_count
    start = time.perf_counter()
    func()
    bench_cr.flush()
    elapsed = time.perf_counter() - start
    gc.enable()
    queries = bench_cr.sql_log_count - queries
    bench_cr.rollback()
    bench_env.transaction.reset()
    return elapsed, queries


def measure_tax():
    """What the addon costs the writes it does not watch: the same writes
    with and without the addon, as the superuser, in turns."""
    with ExitStack() as stack:
        envs = bench_envs(stack)
        cases = {key: tax_cases(envs[key]) for key in ("without", "with")}
        print(
            f"\nthe tax on everyday writes that open nothing: median of {TAX_RUNS} "
            "runs each, superuser, cold cache, flushed like a commit (ms)"
        )
        print(
            f"{'write':<40} {'without':>8} {'with':>8} {'ratio':>6} "
            f"{'queries without':>16} {'queries with':>13}"
        )
        for label in cases["with"]:
            timings = {"without": [], "with": []}
            queries = {"without": [], "with": []}
            for run in range(TAX_RUNS + 1):
                for key in ("without", "with") if run % 2 else ("with", "without"):
                    elapsed, count = tax_run(envs[key], cases[key][label])
                    if run:  # the first one warms the caches
                        timings[key].append(elapsed * 1000)
                        queries[key].append(count)
            plain, taxed = (statistics.median(timings[key]) for key in timings)
            print(
                f"{label:<40} {plain:>8.1f} {taxed:>8.1f} {taxed / plain:>5.2f}x "
                f"{statistics.median_low(queries['without']):>16} "
                f"{statistics.median_low(queries['with']):>13}"
            )


# ----------------------------------------------------------------------
# Through Odoo's HTTP server
# ----------------------------------------------------------------------
def measure_http():
    """Confirm one order and 50 orders through XML-RPC (one request, one
    transaction) against the server bin/benchmark started, with and without
    the addon (and OCA's peers against plain sale_management), in turns."""
    url = os.environ["SQG_BENCH_URL"]
    common = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common", allow_none=True)
    models = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/object", allow_none=True)
    dbs = bench_db_names()

    def call(label, model, method, *args):
        return models.execute_kw(dbs[label], uids[label], "admin", model, method, args)

    uids = {
        label: common.authenticate(db, "admin", "admin", {})
        for label, db in dbs.items()
    }
    setup = {}
    for label in dbs:
        partner = call(label, "res.partner", "create", {"name": "HTTP customer"})
        product = call(
            label,
            "product.product",
            "create",
            {"name": "HTTP machine", "type": "consu"},
        )
        setup[label] = {
            "partner_id": partner,
            # XML-RPC carries plain numbers, not Odoo's Command enum
            "order_line": [[int(Command.CREATE), 0, {"product_id": product}]],
        }

    def confirm(label, size):
        ids = call(label, "sale.order", "create", [setup[label]] * size)
        start = time.perf_counter()
        call(label, "sale.order", "action_confirm", ids)
        return time.perf_counter() - start

    for label in dbs:
        confirm(label, 1)  # warm the server's registries
    labels = list(dbs)
    print(
        "\nconfirming sale orders through XML-RPC (one request, one transaction), "
        "in turns: median (ms) and median of the paired ratios"
    )
    for size, runs_count in ((1, 15), (50, 5)):
        runs = {label: [] for label in labels}
        for run in range(runs_count):
            shift = run % len(labels)
            for label in labels[shift:] + labels[:shift]:
                runs[label].append(confirm(label, size))
        plain = statistics.median(runs["without"]) * 1000
        line = [
            f"{size:>3} orders: without {plain:.0f}",
            f"with {ratio_of(runs, 'without', 'with'):.2f}x",
        ]
        if PEERS:
            line.append(f"sale {statistics.median(runs['sale']) * 1000:.0f}")
            line += [f"{peer} {ratio_of(runs, 'sale', peer):.2f}x" for peer in PEERS]
        print(" | ".join(line))


def ratio_of(runs, base, other):
    return statistics.median(
        taxed / plain for plain, taxed in zip(runs[base], runs[other], strict=True)
    )


def measure_peers_only():
    """OCA's peers alone (the confirmation step measures them too)."""
    if "confirmation" in ONLY:
        return
    with ExitStack() as stack:
        envs = bench_envs(stack)
        if PEERS:
            measure_peers(envs)
        else:
            print("\n(OCA's peers not measured: bin/benchmark could not install them)")


ONLY = os.environ.get("SQG_BENCH_ONLY", "tax,confirmation,http").split(",")
print(f"Service Quality Gates benchmark, {fields.Datetime.now()} UTC")
for step, run in (
    ("fill", fill),
    ("analysis", measure_analysis),
    ("cron", measure_cron),
    ("tax", measure_tax),
    ("confirmation", measure_confirmation),
    ("peers", measure_peers_only),
    ("http", measure_http),
):
    if step in ONLY:
        run()
