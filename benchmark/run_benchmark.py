# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Benchmark of the analysis, the interface map, the escalation cron and the
confirmation of sale orders with and without the addon.

Run with ``bin/benchmark`` (it starts PostgreSQL and Odoo's shell); the script
reads ``env`` from ``odoo shell``. It fills the database once with
SQG_BENCH_HANDOVERS hand-overs (default 100,000) of 10 checklist lines each,
then prints the server time of each measured call (best of 5 runs). The
confirmation of orders runs in two small databases of its own, with the addon
and with the same modules without it (SQG_BENCH_WITH_DB, SQG_BENCH_WITHOUT_DB,
created by bin/benchmark).
"""

# A command-line benchmark: it prints its figures and commits its data.
# pylint: disable=print-used,invalid-commit
import gc
import importlib
import os
import statistics
import time

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


def measure_confirmation():
    """Confirm 1, 50 and 500 orders in a database with the addon (and its
    standard gates) and in one with the same modules without it, runs of both
    in turns; call plus commit, hand-overs opened inside the call."""
    registries = {
        True: Registry(os.environ["SQG_BENCH_WITH_DB"]),
        False: Registry(os.environ["SQG_BENCH_WITHOUT_DB"]),
    }
    with (
        registries[True].cursor() as with_cr,
        registries[False].cursor() as without_cr,
    ):
        with_env = api.Environment(with_cr, SUPERUSER_ID, {})
        with_env["base.automation"].with_context(active_test=False).search(
            [("action_server_ids.state", "=", "quality_gate")]
        ).active = True  # the standard gates open
        with_cr.commit()
        confirm = {
            True: confirmer(with_env),
            False: confirmer(api.Environment(without_cr, SUPERUSER_ID, {})),
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


def confirmer(bench_env):
    """A function that confirms ``size`` new orders in ``bench_env``'s
    database and returns (call, call plus commit, queries of both, hand-overs
    opened in the call)."""
    bench_cr = bench_env.cr
    partner = bench_env["res.partner"].create({"name": "Benchmark customer"})
    product = bench_env["product.product"].create(
        {"name": "Benchmark machine", "type": "consu"}
    )
    project = bench_env["project.project"].create(
        {"name": "Benchmark project", "user_id": bench_env.uid, "allow_billable": True}
    )
    bench_cr.commit()
    has_gates = "quality.gate.handover" in bench_env

    def confirm(size):
        orders = bench_env["sale.order"].create(
            [
                {
                    "partner_id": partner.id,
                    "project_id": project.id,
                    "order_line": [Command.create({"product_id": product.id})],
                }
                for _i in range(size)
            ]
        )
        bench_cr.commit()
        bench_env.invalidate_all()
        gc.collect()
        gc.disable()  # as timeit: no collection pause in one run but not the other
        queries = bench_cr.sql_log_count
        start = time.perf_counter()
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


ONLY = os.environ.get("SQG_BENCH_ONLY", "fill,analysis,cron,confirmation").split(",")
print(f"Service Quality Gates benchmark, {fields.Datetime.now()} UTC")
for step, run in (
    ("fill", fill),
    ("analysis", measure_analysis),
    ("cron", measure_cron),
    ("confirmation", measure_confirmation),
):
    if step in ONLY:
        run()
