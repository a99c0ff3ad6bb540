# Copyright 2026 Service Quality Gate developers
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Service Quality Gates",
    "summary": "Documented, signed hand-overs between sales, projects and service",
    "version": "19.0.1.0.0",
    "category": "Services/Project",
    "website": "https://github.com/service-quality-gate/service_quality_gate",
    "author": "Service Quality Gate developers",
    "license": "AGPL-3",
    "application": True,
    "installable": True,
    "depends": [
        "mail",
        "base_automation",
        "sale_project",
        "helpdesk_mgmt_project",
        "helpdesk_mgmt_sale",
    ],
    "data": [],
    "demo": [],
}
