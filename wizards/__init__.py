from . import quality_gate_reason_wizard
