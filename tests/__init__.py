from . import test_handover_flow
from . import test_idempotency
from . import test_blocking
from . import test_access
from . import test_configuration
from . import test_performance
from . import test_i18n
