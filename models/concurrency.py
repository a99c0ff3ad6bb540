# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Expected races, handled before they reach PostgreSQL: lock or look first.

Two requests may create the same thing at the same moment: the hand-over of a
document at a gate, the first-contact rating request of a project, the promise
of a customer. Each takes a transaction-level advisory lock on what it is about
to create, then looks whether it exists, and only then creates it; the unique
index stays as the last guard. An error of PostgreSQL (a refused INSERT, a
lock not available, a serialization failure) is an operator's alarm in the
server log: an expected race must not raise one.

Odoo runs a request in REPEATABLE READ: it does not see what another
transaction committed after its first query. Holding the lock, it therefore
also looks in a transaction of its own (a fresh snapshot). In both cases, a
lock held by another transaction or a row committed meanwhile, it raises
``ConcurrencyError``: ``odoo.service.model.retrying`` rolls back and retries
the request (logged at INFO), and the retry sees what the other one created.
"""

from contextlib import closing, contextmanager

from odoo import SUPERUSER_ID, api
from odoo.exceptions import ConcurrencyError
from odoo.orm.environments import Transaction
from odoo.tools import SQL


def lock_or_retry(env, scope, ids):
    """Take this transaction's advisory locks on ``scope`` (a text that names
    what is created, e.g. the table and the gate) for each of ``ids``.

    Raises ConcurrencyError, without waiting and without an error of
    PostgreSQL, when another transaction holds one of them: it is creating
    the same right now, and the retried request will see it.
    """
    if not ids:
        return
    env.cr.execute(
        SQL(
            "SELECT bool_and(pg_try_advisory_xact_lock(hashtext(%s), id)) "
            "FROM unnest(%s::int4[]) AS id",
            scope,
            sorted(set(ids)),
        )
    )
    if not env.cr.fetchone()[0]:
        raise ConcurrencyError(
            f"{scope} is being created by another transaction, the request is retried"
        )


@contextmanager
def fresh_env(env):
    """A superuser environment in a transaction of its own, on ``env``'s
    registry: it sees what other transactions committed, also after the
    snapshot of ``env``'s transaction. Rolled back and closed at the end."""
    with closing(env.registry.cursor()) as cr:
        # this environment's registry, not one looked up by the database's
        # name (which waits for the registries' lock)
        cr.transaction = Transaction(env.registry)
        yield api.Environment(cr, SUPERUSER_ID, {"active_test": False})


def committed_meanwhile(env, model, domain):
    """Whether ``domain`` finds a record of ``model`` in a transaction of its
    own: what other transactions committed, also after this transaction's
    snapshot (which does not see it)."""
    if not env.registry.ready:
        # modules are being installed or updated in this transaction (e.g. the
        # demo data): other transactions may not see the table yet, and no
        # request runs beside the loading
        return False
    with fresh_env(env) as fresh:
        return bool(fresh[model].search_count(domain, limit=1))


def retry_if_committed_meanwhile(env, scope, model, domain):
    """Raise ConcurrencyError when ``domain`` finds a record of ``model`` that
    another transaction committed after this transaction's snapshot (the
    caller looked in its own snapshot and found none)."""
    if committed_meanwhile(env, model, domain):
        raise ConcurrencyError(
            f"{scope} was created by another transaction meanwhile, the request "
            "is retried"
        )


def take_for_step(records):
    """Take ``records`` (of one of the addon's own models) for a workflow step
    until the end of the transaction.

    Another step holds one of them, another transaction changed one after
    this transaction's snapshot (its last change in a fresh transaction is not
    the one this transaction sees, nor this transaction's own), or another
    transaction holds its row: ConcurrencyError, before anything reaches
    PostgreSQL that it would refuse (a row lock that waits and then finds the
    row changed is a serialization failure, NOWAIT an error of its own). The
    retried request sees the new state and says why the step is not possible
    any more.
    """
    env = records.env
    ids = sorted(set(records.ids))
    if not ids:
        return
    lock_or_retry(env, records._table, ids)
    # the time of the last change is the system's value: read whatever the
    # user may read of the record
    if not env.registry.ready:
        # loading modules (see committed_meanwhile): nobody else is working
        return
    seen = {record.id: record.write_date for record in records.sudo().browse(ids)}
    with fresh_env(env) as fresh:
        committed = {
            row["id"]: row["write_date"]
            for row in fresh[records._name].search_read(
                [("id", "in", ids)], ["write_date"]
            )
        }
    # what this transaction wrote itself carries its own time
    own = env.cr.now()
    if any(seen[rid] != own and committed.get(rid) != seen[rid] for rid in ids):
        raise ConcurrencyError(
            f"{records._name} {ids} changed by another transaction meanwhile, the "
            "request is retried"
        )
    env.cr.execute(
        SQL(
            "SELECT id FROM %s WHERE id = ANY(%s) FOR NO KEY UPDATE SKIP LOCKED",
            SQL.identifier(records._table),
            ids,
        )
    )
    if len(env.cr.fetchall()) < len(ids):
        raise ConcurrencyError(
            f"{records._name} {ids} held by another transaction, the request is retried"
        )
