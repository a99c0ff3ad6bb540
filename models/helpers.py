# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Small helpers that several models of the addon share: working days and
dates in the company calendar's time zone, selection labels, the state
of a warranty and the files that can be evidence."""

from datetime import datetime, time, timedelta

import pytz

from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import split_every

#: the files that can be evidence: documents, pictures, drawings, mails, videos
EVIDENCE_EXTENSIONS = {
    "pdf", "txt", "csv", "rtf", "doc", "docx", "xls", "xlsx", "ppt", "pptx",
    "odt", "ods", "odp", "odg", "jpg", "jpeg", "png", "gif", "webp", "heic",
    "tif", "tiff", "bmp", "dwg", "dxf", "step", "stp", "igs", "iges", "zip",
    "eml", "msg", "mp4", "mov",
}  # fmt: skip
#: the first bytes of a program (Windows, Linux, macOS)
PROGRAM_SIGNATURES = (b"MZ", b"\x7fELF", b"\xcf\xfa\xed\xfe", b"\xfe\xed\xfa\xcf")


def check_evidence_files(env, attachments, item):
    """Refuse files that are no evidence of ``item`` (a name): a program, a
    file of an unknown type."""
    for attachment in attachments.sudo():
        name = attachment.name or ""
        extension = name.rpartition(".")[2].lower() if "." in name else ""
        if extension not in EVIDENCE_EXTENSIONS or (
            (attachment.raw or b"").startswith(PROGRAM_SIGNATURES)
        ):
            raise UserError(
                env._(
                    "%(file)s cannot be the evidence of %(item)s: attach a "
                    "document, a picture or a drawing (for example PDF, Word, "
                    "Excel, JPEG, PNG or DWG), not a program or a file of an "
                    "unknown type.",
                    file=name,
                    item=item,
                )
            )


def calendar_tz(company):
    """The time zone in which ``company`` counts days: its working calendar's,
    else its own address's, else UTC."""
    name = company.resource_calendar_id.tz or company.partner_id.tz or "UTC"
    return pytz.timezone(name)


def company_today(company):
    """Today's date where ``company`` works (its calendar's time zone)."""
    return datetime.now(calendar_tz(company)).date()


def _local_working_end(company, start, days):
    """The aware local datetime ``days`` working days after the naive UTC
    ``start``, on the company's calendar (calendar days when it has none)."""
    local = pytz.utc.localize(start).astimezone(calendar_tz(company))
    calendar = company.resource_calendar_id
    end = (
        calendar.plan_days(days, local, compute_leaves=True)
        if calendar and days
        else None
    )
    return end or local + timedelta(days=days)


def add_working_days(company, start, days):
    """The naive UTC datetime ``days`` working days after the naive UTC
    ``start`` on the company's calendar (as Odoo stores datetimes)."""
    end = _local_working_end(company, start, days)
    return end.astimezone(pytz.utc).replace(tzinfo=None)


def working_day_deadline(company, start, days):
    """The date, where the company works, ``days`` working days after the
    naive UTC ``start``: a deadline late in the working day stays on that day
    also for calendars west of UTC."""
    return _local_working_end(company, start, days).date()


def working_hours_after(company, start, hours):
    """The naive UTC datetime ``hours`` working hours after the naive UTC
    ``start`` on the company's calendar (its time off included); clock hours
    when the company has no calendar."""
    calendar = company.resource_calendar_id
    end = calendar.plan_hours(hours, start, compute_leaves=True) if calendar else None
    return end or start + timedelta(hours=hours)


def in_committed_batches(records, size, work):
    """Run ``work(batch)`` on ``records`` in batches of ``size``, each committed
    with the cron's progress (ir.cron._commit_progress); when the cron's time
    is up, the next run goes on. Returns the sum of what ``work`` returned."""
    Cron = records.env["ir.cron"]
    Cron._commit_progress(remaining=len(records))
    done = 0
    for batch in split_every(size, records.ids, records.browse):
        done += work(batch) or 0
        if not Cron._commit_progress(len(batch)):
            break  # out of time: the cron runs the job again while work remains
    return done


def field_labels(records, names):
    """The translated labels of the fields ``names`` of ``records``, for a
    message (names that are no field stay as they are)."""
    fields = records._fields
    return ", ".join(
        fields[name]._description_string(records.env) if name in fields else name
        for name in sorted(names)
    )


def selection_label(records, field_name, value):
    """The translated label of ``value`` in a selection field of ``records``."""
    selection = records._fields[field_name]._description_selection(records.env)
    return dict(selection).get(value, value)


def working_days_between(company, start, end):
    """Working days of ``company`` after the date ``start`` up to and including
    the date ``end`` on its calendar (calendar days when it has none); negative
    when ``end`` lies before ``start``."""
    if end < start:
        return -working_days_between(company, end, start)
    calendar = company.resource_calendar_id
    if not calendar:
        return (end - start).days
    zone = calendar_tz(company)
    begin = zone.localize(datetime.combine(start + timedelta(days=1), time.min))
    stop = zone.localize(datetime.combine(end + timedelta(days=1), time.min))
    if begin >= stop:
        return 0
    intervals = calendar._work_intervals_batch(begin, stop, compute_leaves=True)[False]
    return len({interval_start.date() for interval_start, _stop, _meta in intervals})


def nth_working_day_after(company, day, days):
    """The date ``days`` working days after the date ``day`` (``day`` itself
    not counted) where ``company`` works; ``day`` itself for no days."""
    if days <= 0:
        return day
    zone = calendar_tz(company)
    start = zone.localize(datetime.combine(day + timedelta(days=1), time.min))
    start = start.astimezone(pytz.utc).replace(tzinfo=None)
    return working_day_deadline(company, start, days)


def warranty_state(start, end, today):
    """none, active or expired on ``today``, for a warranty from ``start`` to
    ``end`` (a project's, a machine's)."""
    if not start or start > today:
        return "none"
    if end and end < today:
        return "expired"
    return "active"


def warranty_state_domain(operator, value, today):
    """The search domain of ``warranty_state`` (fields ``warranty_start_date``
    and ``warranty_end_date``) for ``in``/``not in`` ``value``."""
    started = Domain("warranty_start_date", "<=", today)
    ended = Domain("warranty_end_date", "<", today)
    domains = {
        "none": ~started,
        "active": started & ~ended,
        "expired": started & ended,
    }
    domain = Domain.OR(domains[state] for state in value if state in domains)
    return domain if operator == "in" else ~domain
