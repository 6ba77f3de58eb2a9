from .documents import document_create, document_detail, document_edit, document_file, document_list
from .models import model_create, model_detail, model_edit, model_evaluate, model_list
from .outreach import (
    outreach_create,
    outreach_delete,
    outreach_edit,
    outreach_list,
    outreach_meetings,
)
from .plans import (
    plan_copy,
    plan_create,
    plan_detail,
    plan_edit,
    plan_export,
    plan_import,
    plan_import_template,
    plan_list,
)
from .tasks import task_create, task_delete, task_detail, task_edit, task_evidence, task_update

__all__ = [
    "document_create",
    "document_detail",
    "document_edit",
    "document_file",
    "document_list",
    "model_create",
    "model_detail",
    "model_edit",
    "model_evaluate",
    "model_list",
    "outreach_create",
    "outreach_delete",
    "outreach_edit",
    "outreach_list",
    "outreach_meetings",
    "plan_copy",
    "plan_create",
    "plan_detail",
    "plan_edit",
    "plan_export",
    "plan_import",
    "plan_import_template",
    "plan_list",
    "task_create",
    "task_delete",
    "task_detail",
    "task_edit",
    "task_evidence",
    "task_update",
]
