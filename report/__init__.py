from . import report_handover
from . import report_customer
