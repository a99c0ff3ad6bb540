from . import quality_gate_reason_wizard
from . import quality_gate_workshop
from . import quality_gate_workshop_item
from . import quality_gate_promise_wizard
from . import quality_gate_reservation_wizard
from . import quality_gate_reservation_wizard_item
from . import quality_gate_reservation_close_wizard
