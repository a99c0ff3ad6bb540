# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Benchmark of the customer's machine list on the portal (issue 21).

Run with ``SQG_BENCH_SCRIPT=benchmark/machine_portal_benchmark.py SQG_BENCH_ONLY=portal
bin/benchmark`` (odoo shell reads this script from its standard input and gives
``env``). It fills the database once with a customer that has
SQG_BENCH_MACHINES machines (default 1,000) under warranty and a portal user,
commits, then requests ``/my/machines`` (first and last page), ``/my`` (its
counter) and one machine's page through Odoo's WSGI application as that user,
and prints the server time of each (best and median of SQG_BENCH_RUNS, default
20). Target: the machine list under 150 ms.
"""

# A command-line benchmark: it prints its figures and commits its data.
# pylint: disable=print-used,invalid-commit
import os
import re
import statistics
import time

from werkzeug.test import Client

from odoo import fields, http

MACHINES = int(os.environ.get("SQG_BENCH_MACHINES", "1000"))
RUNS = int(os.environ.get("SQG_BENCH_RUNS") or 20)
LOGIN = "sqg_bench_machines"
# what a WSGI server puts into each request
ENVIRON = {"REMOTE_ADDR": "127.0.0.1"}
env = env  # noqa: F821  (given by odoo shell)


def fill():
    user = env["res.users"].search([("login", "=", LOGIN)])
    if user:
        customer = user.partner_id.commercial_partner_id
        count = env["stock.lot"].search_count(
            [("installed_partner_id", "=", customer.id)]
        )
        print(f"data: {count} machines of {customer.name} already there")
        return user
    customer = env["res.partner"].create(
        {"name": "Bench Machines Ltd", "is_company": True}
    )
    contact = env["res.partner"].create(
        {"name": "Bench Contact", "parent_id": customer.id, "email": "b@example.com"}
    )
    user = env["res.users"].create(
        {
            "name": "Bench Contact",
            "login": LOGIN,
            "password": LOGIN,
            "partner_id": contact.id,
            "group_ids": [(6, 0, [env.ref("base.group_portal").id])],
        }
    )
    product = env["product.product"].create(
        {"name": "Bench Press", "is_storable": True, "tracking": "serial"}
    )
    project = env["project.project"].create(
        {"name": "Bench plant", "partner_id": customer.id}
    )
    today = fields.Date.today()
    start = time.perf_counter()
    # fixture: the installation as the acceptance records it (as superuser)
    env["stock.lot"].create(
        [
            {
                "name": f"BENCH-{number:05d}",
                "product_id": product.id,
                "company_id": env.company.id,
                "warranty_start_date": today,
                "warranty_end_date": today.replace(year=today.year + 2),
                "installed_partner_id": customer.id,
                "installation_project_id": project.id,
            }
            for number in range(MACHINES)
        ]
    )
    env.cr.commit()
    print(f"data: {MACHINES} machines created in {time.perf_counter() - start:.1f} s")
    return user


def login(client, dbname):
    page = client.get(f"/web/login?db={dbname}", environ_base=ENVIRON)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True))
    response = client.post(
        "/web/login",
        data={
            "login": LOGIN,
            "password": LOGIN,
            "db": dbname,
            "csrf_token": csrf.group(1),
        },
        environ_base=ENVIRON,
    )
    assert response.status_code in (200, 303), response.status_code


def measure(client, url):
    timings = []
    for _run in range(RUNS):
        start = time.perf_counter()
        response = client.get(url, environ_base=ENVIRON)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    print(
        f"{url:<28} best {min(timings):7.1f} ms   median "
        f"{statistics.median(timings):7.1f} ms   ({RUNS} runs)"
    )
    return min(timings)


print(f"Service Quality Gates machine portal benchmark, {fields.Datetime.now()} UTC")
user = fill()
customer = user.partner_id.commercial_partner_id
lot = env["stock.lot"].search([("installed_partner_id", "=", customer.id)], limit=1)
env.cr.commit()
client = Client(http.root)
login(client, env.cr.dbname)
last_page = (MACHINES + 19) // 20
results = {
    "list": measure(client, "/my/machines"),
    "last page": measure(client, f"/my/machines/page/{last_page}"),
    "home": measure(client, "/my"),
}
print(
    f"machine list of {MACHINES} machines: {results['list']:.1f} ms (target < 150 ms)"
)
